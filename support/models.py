import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyType
from core.fields import EncryptedTextField
from core.models import TimeStampedModel, VersionedModel


class Regime(TimeStampedModel):
    """A support regime of the law (essential needs, medical, initial hardship allowance...).

    Regimes are legal data: names come in both interface languages from the rule tables,
    not from code.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Document kinds (cases.DocumentKind) the dossier of this regime needs: the checklist.
    required_documents = models.JSONField(_("documents required"), default=list, blank=True)

    class Meta:
        verbose_name = _("support regime")
        verbose_name_plural = _("support regimes")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class EligibleGroup(models.TextChoices):
    VICTIM = "victim", _("Victim")
    IN_IDENTIFICATION_DOMESTIC = "in_identification_domestic", _("Being identified, in Vietnam")
    IN_IDENTIFICATION_ABROAD = "in_identification_abroad", _("Being identified, abroad")
    ACCOMPANYING_CHILD = "accompanying_child", _("Accompanying child under 18")
    FOREIGN_VICTIM = "foreign_victim", _("Foreign victim")


class AmountKind(models.TextChoices):
    IN_KIND = "in_kind", _("Service or in kind, no amount")
    FIXED = "fixed", _("Fixed amount")
    PER_DAY = "per_day", _("Amount per day, up to a number of days")
    AT_COST = "at_cost", _("Actual cost, up to a cap if one is set")


class RegimeRule(TimeStampedModel):
    """One version of a regime's rule: who, how much, under which legal basis, when.

    A rule with a ``province`` is a provincial rate (People's Council resolution) that
    overrides the national rule for that province within its validity period.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regime = models.ForeignKey(Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="rules")
    legal_basis = models.CharField(_("legal document"), max_length=200)
    legal_article = models.CharField(_("article"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province (provincial rate)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    eligible_groups = models.JSONField(_("eligible groups"), default=list)
    amount_kind = models.CharField(_("amount"), max_length=16, choices=AmountKind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    max_days = models.PositiveSmallIntegerField(_("maximum days"), null=True, blank=True)
    one_off = models.BooleanField(_("once per person"), default=False)
    # Conditions the law sets, as data the decision checks (the text below only explains).
    poor_household_required = models.BooleanField(_("only for poor households"), default=False)
    age_under = models.PositiveSmallIntegerField(
        _("only under this age"),
        null=True,
        blank=True,
        help_text=_("In years, on the decision date; for example 18 for schooling of children."),
    )
    application_required = models.BooleanField(
        _("granted on an application filed within the time limit"),
        default=False,
        help_text=_("The application must be filed within the limit counted from the certifying document."),
    )
    providing_agency_type = models.CharField(
        _("providing agency"), max_length=32, choices=AgencyType.choices, blank=True
    )
    figure_unconfirmed = models.BooleanField(
        _("figure configurable, not confirmed in the published texts"),
        default=False,
        help_text=_("Shown in the catalogue so that officials check the amount against the text in force."),
    )
    conditions = models.TextField(_("conditions"), blank=True)

    class Meta:
        verbose_name = _("regime rule")
        verbose_name_plural = _("regime rules")
        ordering = ["regime__sort_order", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="support_rule_valid_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(amount_kind__in=[AmountKind.FIXED, AmountKind.PER_DAY])
                | models.Q(amount_vnd__isnull=False),
                name="support_rule_amount_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(amount_kind=AmountKind.PER_DAY) | models.Q(max_days__isnull=False),
                name="support_rule_per_day_has_max_days",
            ),
            models.CheckConstraint(
                condition=models.Q(max_days__isnull=True) | models.Q(max_days__gte=1),
                name="support_rule_max_days_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_vnd__isnull=True) | models.Q(amount_vnd__gte=0),
                name="support_rule_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_kind__in=AmountKind.values), name="support_rule_amount_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["regime", "province", "valid_from"], name="support_rule_scope")]

    def __str__(self) -> str:
        return f"{self.regime.code} {self.legal_basis} ({self.valid_from:%d/%m/%Y})"

    def clean(self) -> None:
        """Bad rule data is refused here for the admin, and by the provincial-rate service (same checks)."""
        from support.selectors import rule_data_problems  # the checks read other rules

        problems: dict[str, list[str]] = {}
        for field, error in rule_data_problems(self):
            problems.setdefault(field, []).append(error.message)
        if problems:
            raise ValidationError(problems)

    @property
    def eligible_group_labels(self) -> list[str]:
        return [str(EligibleGroup(group).label) for group in self.eligible_groups if group in EligibleGroup.values]

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class DecisionStatus(models.TextChoices):
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


class SupportDecision(VersionedModel):
    """What was decided for a case under which rule; the rule stays attached when rules change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="decisions")
    regime = models.ForeignKey(Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(RegimeRule, verbose_name=_("rule applied"), on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    deciding_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("deciding agency"), on_delete=models.PROTECT, related_name="+"
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount decided (VND)"), default=0)
    days = models.PositiveSmallIntegerField(_("days actually spent"), null=True, blank=True)
    poor_household = models.BooleanField(_("poor household confirmed"), default=False)
    certified_on = models.DateField(_("date of the certifying document"), null=True, blank=True)
    application_filed_on = models.DateField(_("application filed on"), null=True, blank=True)
    filing_deadline = models.DateField(_("filing time limit"), null=True, blank=True)
    # Set only when an authorised officer accepted an application filed after its time limit.
    limit_exception_reason = EncryptedTextField(_("reason for accepting a late application"), blank=True)
    limit_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DECIDED
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("support decision")
        verbose_name_plural = _("support decisions")
        ordering = ["case_id", "-decided_on"]

    def __str__(self) -> str:
        return f"{self.regime.code} {self.decided_on:%d/%m/%Y}"


class SupportDelivery(TimeStampedModel):
    """One instance (lượt) of support delivered under a decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(
        SupportDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("delivering agency"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.CharField(_("evidence (receipt, list number)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("support delivery")
        verbose_name_plural = _("support deliveries")
        ordering = ["decision_id", "delivered_on"]
        indexes = [models.Index(fields=["delivered_on"], name="support_delivery_date")]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.delivered_on:%d/%m/%Y}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Referral(VersionedModel):
    """A service sent from one agency to another, which accepts or declines and records delivery."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals")
    regime = models.ForeignKey(
        Regime, verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("from agency"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("to agency"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    message = EncryptedTextField(_("message to the receiving agency"), blank=True)
    # Set only when a permitted officer sent it without recorded consent to share.
    consent_override_reason = EncryptedTextField(_("reason for sending without consent"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")), name="support_referral_other_agency"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReferralStatus.DECLINED) | ~models.Q(decline_reason=""),
                name="support_referral_decline_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="support_referral_inbox"),
            # The case list flags overdue referrals: only unanswered ones are looked up by date.
            models.Index(
                fields=["case", "due_on"], condition=models.Q(status="sent"), name="support_referral_sent_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_agency} → {self.to_agency}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportApplication(VersionedModel):
    """An application for support (đơn đề nghị hỗ trợ) received for a case.

    Its steps are not stored: ``support.deadlines.application_steps`` computes them from
    ``filed_on`` under the procedure in force that day, so a corrected holiday calendar or
    procedure shows at once. It is decided once every regime it asks for is decided.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="applications"
    )
    regimes = models.ManyToManyField(Regime, verbose_name=_("regimes applied for"), related_name="+")
    filed_on = models.DateField(_("filed on"))
    received_by = models.ForeignKey(
        "agencies.Agency", verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("application for support")
        verbose_name_plural = _("applications for support")
        ordering = ["-filed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values), name="support_application_status_known"
            ),
        ]
        indexes = [
            # The home page looks up pending applications by filing date.
            models.Index(fields=["filed_on"], condition=models.Q(status="pending"), name="support_application_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.filed_on:%d/%m/%Y}"
