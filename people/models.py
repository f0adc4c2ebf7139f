import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedDateField, EncryptedTextField
from core.models import TimeStampedModel, VersionedModel


class ProtectionStatus(models.TextChoices):
    UNDETERMINED = "undetermined", _("Not yet determined")
    IN_IDENTIFICATION = "in_identification", _("Being identified as a victim")
    VICTIM = "victim", _("Victim")
    NOT_VICTIM = "not_victim", _("Not a victim")
    AT_RISK = "at_risk", _("Person at risk")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not recorded")


class Person(VersionedModel):
    """Someone the system protects or serves. Identity fields are encrypted at rest.

    Sex, birth year, nationality and home unit stay in clear: statistics group by them
    in the database. Name, birth date and identity number are searchable only through
    blind indexes (``PersonNameToken``, ``birth_date_index``, ``identity_number_index``),
    which services keep in step with the encrypted values.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = EncryptedTextField(_("full name"))
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=2, default="VN", help_text=_("ISO country code"))
    identity_number = EncryptedTextField(_("identity number"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    address_detail = EncryptedTextField(_("address (house, street, hamlet)"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    home_unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("home commune"), on_delete=models.PROTECT, related_name="+"
    )
    protection_status = models.CharField(
        _("protection status"), max_length=32, choices=ProtectionStatus.choices, default=ProtectionStatus.UNDETERMINED
    )
    birth_date_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    identity_number_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    # Set by the retention command (privacy.services) when the identity fields were removed.
    deidentified_on = models.DateField(_("identity removed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="people_person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this string ends up in logs, admin messages and error reports.
        return f"Person {self.pk}"


class PersonNameToken(models.Model):
    """Blind index of one folded word of a person's name ("hoa" for "Hòa")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    digest = models.CharField(max_length=32)

    class Meta:
        ordering = ["person_id", "digest"]
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="people_name_token_unique")]
        # The unique constraint indexes (person, digest) for "has this word"; this one finds
        # the people of a word without reading the table.
        indexes = [models.Index(fields=["digest", "person"], name="people_token_digest_person")]

    def __str__(self) -> str:
        return self.digest


class Relationship(models.TextChoices):
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative")


class Relative(TimeStampedModel):
    """A person's child or relative; an accompanying child under 18 has rights of their own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="relatives")
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    full_name = EncryptedTextField(_("full name"))
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    is_accompanying_child = models.BooleanField(_("accompanying child under 18"), default=False)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["person_id", "created_at"]

    def __str__(self) -> str:
        return f"Relative {self.pk}"
