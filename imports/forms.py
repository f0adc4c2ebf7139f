from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.selectors import agencies_in_force
from core.forms import DayField, ServiceForm
from imports import errors
from imports.files import MAX_BYTES
from imports.models import ImportBatch, ImportField
from imports.services import SENDER_TYPES


class UploadForm(ServiceForm):
    sender_agency = forms.ModelChoiceField(label=_("Sending agency"), queryset=agencies_in_force(SENDER_TYPES))
    letter_number = forms.CharField(label=_("Letter number"), max_length=60)
    letter_date = DayField(label=_("Letter date"))
    file = forms.FileField(
        label=_("List (.xlsx or .csv)"),
        help_text=_("At most %(limit)s MB. The first row holds the column headers.")
        % {"limit": MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    error_fields = {
        errors.FILE_TOO_LARGE.code: "file",
        errors.FILE_TYPE.code: "file",
        errors.FILE_UNREADABLE.code: "file",
        errors.FILE_EMPTY.code: "file",
        errors.TOO_MANY_ROWS.code: "file",
        errors.FILE_ALREADY_UPLOADED.code: "file",
        errors.SENDER_NOT_IN_FORCE.code: "sender_agency",
        errors.LETTER_DATE_IN_FUTURE.code: "letter_date",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender_agency"].queryset = agencies_in_force(SENDER_TYPES)  # type: ignore[attr-defined]


class MappingForm(ServiceForm):
    """For each of our fields, the column of the file that fills it (or none)."""

    def __init__(self, *args: Any, batch: ImportBatch, initial_mapping: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)")), *[(str(i), header) for i, header in enumerate(batch.headers)]]
        for name, label in ImportField.choices:
            initial = initial_mapping.get(name)
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(initial) if initial is not None else "",
            )

    def mapping(self) -> dict[str, int]:
        return {name: index for name, index in self.cleaned_data.items() if index is not None}
