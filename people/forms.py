"""The "hide names" switch of the navigation bar."""

from django import forms


class HideNamesForm(forms.Form):
    """``hide`` is "1" to hide names for the session, "0" to show them again."""

    hide = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    next = forms.CharField(max_length=2000, required=False)
