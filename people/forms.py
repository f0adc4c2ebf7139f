"""The "hide names" switch of the navigation bar, and the forms of the duplicate review queue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceForm


class HideNamesForm(forms.Form):
    """``hide`` is "1" to hide names for the session, "0" to show them again."""

    hide = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    next = forms.CharField(max_length=2000, required=False)


_PAIR_ERRORS = {
    "required": _("The pair of records was not understood; reload the page and choose again."),
    "invalid": _("The pair of records was not understood; reload the page and choose again."),
}


class PersonMergeForm(ServiceForm):
    """Keep the person of the URL; merge ``merged`` into it. The versions are those shown on the page."""

    merged = forms.UUIDField(error_messages=_PAIR_ERRORS)
    kept_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=_PAIR_ERRORS)
    merged_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=_PAIR_ERRORS)


class PersonsMarkDifferentForm(ServiceForm):
    """The person of the URL and ``other`` are different people."""

    other = forms.UUIDField(error_messages=_PAIR_ERRORS)


class PersonMergeUndoForm(ServiceForm):
    """Undo ``merge``, a merge into the person of the URL."""

    merge = forms.UUIDField(
        error_messages={
            "required": _("The merge to undo was not understood; reload the page and try again."),
            "invalid": _("The merge to undo was not understood; reload the page and try again."),
        }
    )
