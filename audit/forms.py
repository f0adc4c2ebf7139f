"""The auditor page's filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.selectors import AuditFilters
from core.forms import DayField


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User (username)"), max_length=150, required=False)
    record = forms.CharField(label=_("Record id"), max_length=64, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *AuditAction.choices], required=False
    )
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> AuditFilters:
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            username=data["user"].strip(),
            object_id=data["record"].strip(),
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
