import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel, VersionedModel


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IdentificationStatus(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("Verification not requested")
    PENDING = "pending", _("Awaiting police verification")
    IDENTIFIED = "identified", _("Identified as a victim")
    NOT_VICTIM = "not_victim", _("Not a victim")
    IN_IDENTIFICATION = "in_identification", _("Still being identified")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated in the community")
    MOVED_AWAY = "moved_away", _("Moved to another province")
    DECLINED_SUPPORT = "declined_support", _("Declined further support")
    NOT_VICTIM = "not_victim", _("Not a victim")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class IntakeChannel(models.TextChoices):
    POLICE_LIST = "police_list", _("List of victims from the police")
    FACILITY_LIST = "facility_list", _("List from a support facility")
    APPLICATION = "application", _("Self-return with an application for support")
    BORDER_RECEPTION = "border_reception", _("Reception at the border")
    REPATRIATION = "repatriation", _("Repatriation from abroad")
    HOTLINE_NGO = "hotline_ngo", _("Hotline or NGO referral")


class Case(VersionedModel):
    """One episode of protection for a person, from intake to closure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("case code"), max_length=32, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    identification_status = models.CharField(
        _("identification"),
        max_length=32,
        choices=IdentificationStatus.choices,
        default=IdentificationStatus.NOT_REQUESTED,
    )
    responsible_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="cases"
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("home commune"), on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True)
    # Set by the retention command (privacy.services) when the case's personal data was removed.
    deidentified_on = models.DateField(_("personal data removed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=CaseStatus.OPEN, closed_on__isnull=True)
                | models.Q(status=CaseStatus.CLOSED, closed_on__isnull=False),
                name="cases_case_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "opened_on"], name="cases_case_status_opened"),
            models.Index(fields=["status", "home_unit", "responsible_agency"], name="cases_case_status_scope"),
        ]

    def __str__(self) -> str:
        return self.code


class Intake(TimeStampedModel):
    """One report of a person through one channel; several can belong to one case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="intakes")
    channel = models.CharField(_("intake channel"), max_length=32, choices=IntakeChannel.choices)
    received_on = models.DateField(_("received on"))
    source_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("sending agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_reference = models.CharField(_("letter or list reference"), max_length=120, blank=True)
    recorded_by_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on:%d/%m/%Y}"


class ConsentScope(models.TextChoices):
    SERVICES = "services", _("Receive support services")
    SHARING = "sharing", _("Share data with an agency")
    STATISTICS = "statistics", _("Be counted in statistics")


class Consent(TimeStampedModel):
    """A consent given or withdrawn; the latest record for a scope (and agency) is the one in force."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("consent to"), max_length=16, choices=ConsentScope.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency shared with"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted = models.BooleanField(_("granted"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["case_id", "-recorded_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope=ConsentScope.SHARING, agency__isnull=False)
                | (~models.Q(scope=ConsentScope.SHARING) & models.Q(agency__isnull=True)),
                name="cases_consent_sharing_names_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.granted}"


class VerificationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    CANCELLED = "cancelled", _("Cancelled")


class VerificationOutcome(models.TextChoices):
    IDENTIFIED = "identified", _("Identified as a victim")
    NOT_VICTIM = "not_victim", _("Not a victim")
    IN_IDENTIFICATION = "in_identification", _("Still being identified")


class VerificationRequest(VersionedModel):
    """The social agency asks the police to verify whether a person is a victim."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="verification_requests"
    )
    requesting_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("requesting agency"), on_delete=models.PROTECT, related_name="+"
    )
    police_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("police agency"),
        on_delete=models.PROTECT,
        related_name="verification_requests",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.SENT
    )
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due on"))
    outcome = models.CharField(_("outcome"), max_length=32, choices=VerificationOutcome.choices, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    certifying_document = models.CharField(_("certifying document (number, date)"), max_length=200, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("sent_on")), name="cases_verif_due_after_sent"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VerificationStatus.ANSWERED)
                | (models.Q(answered_on__isnull=False) & ~models.Q(outcome="")),
                name="cases_verif_answer_complete",
            ),
        ]
        # The case list flags overdue requests: only pending ones are ever looked up by date.
        indexes = [
            models.Index(fields=["case", "due_on"], condition=models.Q(status="sent"), name="cases_verif_sent_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case.code} → {self.police_agency}"


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application for support")
    CERTIFYING = "certifying", _("Document confirming victim status")
    IDENTITY = "identity", _("Identity paper")
    RESIDENCE = "residence", _("Confirmation of residence")
    POOR_HOUSEHOLD = "poor_household", _("Poor-household certificate")
    MEDICAL = "medical", _("Medical records or invoices")
    TRAINING = "training", _("Enrolment or training cost papers")
    LOAN = "loan", _("Loan application")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


class Document(TimeStampedModel):
    """An attachment of a case; the file itself is encrypted on disk under ``storage_name``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    original_name = EncryptedTextField(_("file name"))
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set by the retention command (privacy.services) when the file was deleted from disk.
    removed_on = models.DateField(_("file removed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"


class FollowUpVisit(TimeStampedModel):
    """A visit after support, observing how the person is settling back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_up_visits")
    visited_on = models.DateField(_("visited on"))
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = EncryptedTextField(_("notes"), blank=True)
    next_visit_on = models.DateField(_("next visit due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["case_id", "-visited_on"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on:%d/%m/%Y}"


class AssessmentLevel(models.TextChoices):
    STABLE = "stable", _("Stable")
    NEEDS_SUPPORT = "needs_support", _("Needs support")
    AT_RISK = "at_risk", _("At risk")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# The dimensions of a reintegration assessment, in the order the form asks them.
ASSESSMENT_DIMENSIONS = ("safety", "housing", "health", "income", "family", "civil_papers", "children_schooling")


def _assessment_level(label: Any) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(label, max_length=16, choices=AssessmentLevel.choices)


class ReintegrationAssessment(TimeStampedModel):
    """A dated judgement of how the person is settling back, one level per dimension."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    safety = _assessment_level(_("safety"))
    housing = _assessment_level(_("housing"))
    health = _assessment_level(_("health"))
    income = _assessment_level(_("income and work"))
    family = _assessment_level(_("family relations"))
    civil_papers = _assessment_level(_("civil papers"))
    children_schooling = _assessment_level(_("children's schooling"))
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("reintegration assessment")
        verbose_name_plural = _("reintegration assessments")
        ordering = ["case_id", "-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on:%d/%m/%Y}"

    def levels(self) -> list[tuple[str, str, str]]:
        """(dimension label, level code, level label) per dimension, for display."""
        return [
            (
                str(self._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                getattr(self, name),
                getattr(self, f"get_{name}_display")(),
            )
            for name in ASSESSMENT_DIMENSIONS
        ]


class StatusChangeKind(models.TextChoices):
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class CaseStatusChange(TimeStampedModel):
    """Each closure and reopening of a case, with its reason; the case keeps only the latest state."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="status_changes")
    kind = models.CharField(_("change"), max_length=16, choices=StatusChangeKind.choices)
    changed_on = models.DateField(_("date"))
    closure_reason = models.CharField(_("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True)
    explanation = EncryptedTextField(_("explanation"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")
        ordering = ["case_id", "-changed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=StatusChangeKind.REOPENED) | ~models.Q(closure_reason=""),
                name="cases_status_change_closure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.changed_on:%d/%m/%Y}"
