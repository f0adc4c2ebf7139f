"""Personal data protection: the retention schedule, breach records, corrections made at a person's request."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel, VersionedModel

BREACH_NOTIFICATION_HOURS = 72


class RecordType(models.TextChoices):
    """What a retention rule is about; the retention command acts on the first three only."""

    CLOSED_CASE = "closed_case", _("Closed case with its person's identity")
    DOCUMENTS = "documents", _("Dossier documents (attached files)")
    FOLLOW_UP = "follow_up", _("Notes of follow-up visits and assessments")
    AUDIT_EVENTS = "audit_events", _("Audit trail (kept: never de-identified by the retention command)")


class RetentionRule(VersionedModel):
    """How long a kind of record keeps personal data after the case closed, from ``valid_from`` on.

    The rule in force on a day is the one of its record type with the latest ``valid_from``
    not after that day. Periods are the province's decision; the defaults seeded by the
    migration are only a starting point (docs/privacy.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.CharField(_("record type"), max_length=32, choices=RecordType.choices)
    period_years = models.PositiveSmallIntegerField(
        _("years after the case closed"),
        help_text=_("Personal data is removed when the case has been closed this many years."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, help_text=_("The decision of the province that sets this period.")
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["record_type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "valid_from"], name="privacy_retention_one_rule_a_day"),
            models.CheckConstraint(
                condition=models.Q(period_years__gte=1, period_years__lte=100), name="privacy_retention_period_range"
            ),
            models.CheckConstraint(
                condition=models.Q(record_type__in=RecordType.values), name="privacy_retention_record_type_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.period_years} ({self.valid_from:%d/%m/%Y})"


class BreachStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed breach")
    NOT_BREACH = "not_breach", _("Not a breach")
    CLOSED = "closed", _("Closed")


OPEN_BREACH_STATUSES = (BreachStatus.SUSPECTED, BreachStatus.CONFIRMED)


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Names and dates of birth")
    IDENTITY_NUMBERS = "identity_numbers", _("Identity numbers")
    CONTACT = "contact", _("Phone numbers and addresses")
    VICTIM_STATUS = "victim_status", _("Victim status and case records")
    HEALTH = "health", _("Health and medical data")
    SUPPORT = "support", _("Support decisions and payments")
    DOCUMENTS = "documents", _("Scanned documents")
    ACCOUNTS = "accounts", _("User accounts and passwords")
    OTHER = "other", _("Other")


class BreachReport(VersionedModel):
    """A suspected personal data breach, and what was done about it.

    The authority must be notified within 72 hours of discovery (``notification_due_at``);
    the description and measures may name people, so they are encrypted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    discovered_at = models.DateTimeField(_("discovered at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    description = EncryptedTextField(_("what happened"))
    data_categories = models.JSONField(_("categories of data"), default=list)
    people_affected = models.PositiveIntegerField(_("estimated number of people affected"), null=True, blank=True)
    measures = EncryptedTextField(_("measures taken"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=BreachStatus.choices, default=BreachStatus.SUSPECTED)
    notified_authority_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    notified_people_at = models.DateTimeField(_("people affected notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("breach report")
        verbose_name_plural = _("breach reports")
        ordering = ["-discovered_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BreachStatus.values), name="privacy_breach_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(notified_authority_at__isnull=True)
                | models.Q(notified_authority_at__gte=models.F("discovered_at")),
                name="privacy_breach_authority_after_discovery",
            ),
            models.CheckConstraint(
                condition=models.Q(notified_people_at__isnull=True)
                | models.Q(notified_people_at__gte=models.F("discovered_at")),
                name="privacy_breach_people_after_discovery",
            ),
        ]
        indexes = [models.Index(fields=["status", "discovered_at"], name="privacy_breach_open")]

    def __str__(self) -> str:
        return f"Breach report {self.pk}"

    @property
    def notification_due_at(self) -> datetime.datetime:
        return self.discovered_at + datetime.timedelta(hours=BREACH_NOTIFICATION_HOURS)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BREACH_STATUSES

    def data_category_labels(self) -> list[str]:
        return [str(DataCategory(code).label) for code in self.data_categories if code in DataCategory.values]


class PersonCorrection(TimeStampedModel):
    """A correction of a person's identity fields at their request: which fields, why, by whom.

    The audit trail names the fields only; the reason, which may quote personal data, is kept
    here encrypted (and removed with the rest when the person is de-identified).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="corrections"
    )
    fields = models.JSONField(_("fields corrected"), default=list)
    reason = EncryptedTextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("correction of personal data")
        verbose_name_plural = _("corrections of personal data")
        ordering = ["person_id", "-created_at"]

    def __str__(self) -> str:
        return f"Correction {self.pk}"
