"""Form building blocks shared by every app: dates as dd/mm/yyyy, money in đồng, and
running a service so that its domain errors land next to the field they concern."""

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.http import http_error_for

T = TypeVar("T")


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy (also accepts yyyy-mm-dd), whatever the interface language."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as dd/mm/yyyy, for example 05/09/2025.")})
        super().__init__(**kwargs)


class MoneyField(forms.IntegerField):
    """An amount in đồng; accepts 18.000.000, 18 000 000 or 18000000."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"invalid": _("Enter an amount in đồng, for example 1.000.000.")})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("₫", "").strip()
        return super().to_python(value)


class ServiceForm(forms.Form):
    """A form whose ``submit`` runs a service and turns its domain errors into form errors.

    ``error_fields`` maps an error code to the field the message belongs next to; other
    input errors show above the form. Errors that mean "not found" or "not allowed"
    become 404 and 403, as everywhere else.
    """

    error_fields: ClassVar[dict[str, str]] = {}

    def submit(self, service: Callable[..., T], **kwargs: Any) -> T | None:
        try:
            return service(**kwargs)
        except DomainError as error:
            http_error = http_error_for(error)
            if http_error is not None:
                raise http_error from None
            field = self.error_fields.get(error.code)
            self.add_error(field if field in self.fields else None, error.message)
            return None


class VersionedForm(ServiceForm):
    """A form that edits a versioned record: the version it was opened at travels with it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
