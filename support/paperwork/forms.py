"""The small forms before a download: regimes to tick on the application, the receipt list's period."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import DayField
from support.models import Regime


class ApplicationForm(forms.Form):
    regimes = forms.MultipleChoiceField(
        label=_("Support asked for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked on the application; the person can tick the others by hand before signing."),
    )

    def __init__(self, *args: Any, regimes: list[Regime], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regimes"].choices = [(regime.code, regime.name) for regime in regimes]  # type: ignore[attr-defined]


class ReceiptListForm(forms.Form):
    start = DayField(label=_("Start of the period"))
    end = DayField(label=_("End of the period"))
    regime = forms.ModelChoiceField(
        label=_("Regime"), queryset=Regime.objects.all(), required=False, empty_label=_("All regimes")
    )
    agency = forms.ModelChoiceField(
        label=_("Delivering agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All agencies")
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data
