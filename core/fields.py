"""Model fields whose values are encrypted in the database (see core.crypto).

The database sees only ciphertext, so these fields refuse every lookup except
``isnull``: search goes through blind indexes instead, and an accidental
``filter(full_name=...)`` fails loudly rather than matching nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.db.models import Lookup, Transform

from core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Encrypted text. Empty strings stay empty so that "not filled in" needs no decryption."""

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.attname}"

    def value_to_text(self, value: Any) -> str:
        return str(value)

    def text_to_value(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value == "":
            return self.text_to_value("") if self.empty_strings_allowed else None
        return self.text_to_value(crypto.decrypt(value, context=self.crypto_context))

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        if value is None:
            return None
        text = self.value_to_text(value)
        return crypto.encrypt(text, context=self.crypto_context) if text else ""

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        return None


class EncryptedDateField(EncryptedTextField):
    """An encrypted date, stored as encrypted ISO text."""

    empty_strings_allowed = False
    # Tell django-stubs this field holds dates, not the text it is stored as.
    _pyi_private_set_type: datetime.date | None  # type: ignore[assignment]
    _pyi_private_get_type: datetime.date | None  # type: ignore[assignment]

    def value_to_text(self, value: datetime.date) -> str:
        return value.isoformat()

    def text_to_value(self, text: str) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or value == "" or isinstance(value, datetime.date):
            return value or None
        return models.DateField().to_python(value)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        # Skip TextField's textarea: a date is edited as a date.
        return super(models.TextField, self).formfield(
            form_class=form_class or forms.DateField, choices_form_class=choices_form_class, **kwargs
        )
