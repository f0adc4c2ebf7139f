"""Community programmes around the cases: peer groups, loans and awareness sessions.

Every record keeps the agency that runs it (``agency``) and the administrative unit it
happens in (``unit``): scope is agency and area, as everywhere (programmes.policies).

People who are not victims (members of a peer group, women at risk who borrow) are
``Beneficiary`` records with the minimum personal data, encrypted like a ``Person``'s.
A beneficiary is never a case: nothing here opens one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel, VersionedModel
from people.models import Sex


class BeneficiaryCategory(models.TextChoices):
    POOR_WOMAN = "poor_woman", _("Poor woman")
    RETURNED_MIGRANT = "returned_migrant", _("Unsafe migrant who returned")
    VULNERABLE_WOMAN = "vulnerable_woman", _("Other vulnerable woman")
    OTHER = "other", _("Other community member")


class Beneficiary(TimeStampedModel):
    """Someone a programme serves who is not a victim: the minimum personal data, encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = EncryptedTextField(_("full name"))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.FEMALE)
    phone = EncryptedTextField(_("phone"), blank=True)
    home_unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("home commune"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=32, choices=BeneficiaryCategory.choices)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="programmes_beneficiary_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Beneficiary {self.pk}"  # never the name: this string reaches logs and admin messages


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class PeerGroup(VersionedModel):
    """A peer-support group (nhóm đồng đẳng) in a locality, run by one agency with co-organisers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("group name"), max_length=200)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    organisers = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("organising agencies"), related_name="+", blank=True
    )
    founded_on = models.DateField(_("founded on"))
    status = models.CharField(_("status"), max_length=16, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["-founded_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="programmes_group_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["unit", "founded_on"], name="programmes_group_area")]

    def __str__(self) -> str:
        return self.name


class GroupFunding(TimeStampedModel):
    """Money a group received: amount, source, date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(PeerGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="fundings")
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    source = models.CharField(_("source of funding"), max_length=200)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("group funding")
        verbose_name_plural = _("group funding")
        ordering = ["group_id", "received_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_vnd__gt=0), name="programmes_funding_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.received_on:%d/%m/%Y}"


class GroupMembership(TimeStampedModel):
    """A member of a group: a victim (``person``) or someone who is not (``beneficiary``).

    The two kinds are stored apart but shown alike: nothing a member list, a count or a
    report shows tells them apart (programmes.selectors.group_members).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(PeerGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group_id", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, beneficiary__isnull=True)
                | models.Q(person__isnull=True, beneficiary__isnull=False),
                name="programmes_member_one_kind",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(person__isnull=False),
                name="programmes_member_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.pk}"


class GroupMeeting(TimeStampedModel):
    """A meeting of a group: date, topic, attendance."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(PeerGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=300)
    attendance = models.PositiveIntegerField(_("attendance"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        ordering = ["group_id", "-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.group_id} {self.held_on:%d/%m/%Y}"


class LenderKind(models.TextChoices):
    WOMENS_DEVELOPMENT_FUND = "womens_development_fund", _("Women's Development Fund")
    SOCIAL_POLICY_BANK = "social_policy_bank", _("Bank for Social Policies")
    OTHER = "other", _("Other lender")


class RepaymentFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    AT_MATURITY = "at_maturity", _("All at the end of the term")


class LoanStatus(models.TextChoices):
    """Stored states; "overdue" is computed from the schedule and the repayments (``Loan.is_overdue``)."""

    CURRENT = "current", _("Current")
    REPAID = "repaid", _("Repaid")
    WRITTEN_OFF = "written_off", _("Written off")


class Loan(VersionedModel):
    """A loan to a victim with a case (``case``) or to a beneficiary who is not a victim (``beneficiary``).

    ``unit`` is the borrower's home commune and ``agency`` the agency that recorded the loan:
    together they scope it. Repayments count against the principal; interest is recorded
    as a rate and paid to the lender, outside this schedule.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="loans")
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("borrower's commune"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    lender_kind = models.CharField(_("lender"), max_length=32, choices=LenderKind.choices)
    lender_name = models.CharField(_("lender's name"), max_length=200, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount lent (VND)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    disbursed_on = models.DateField(_("disbursed on"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    annual_interest_percent = models.DecimalField(_("interest (% a year)"), max_digits=5, decimal_places=2)
    frequency = models.CharField(_("repayment schedule"), max_length=16, choices=RepaymentFrequency.choices)
    status = models.CharField(_("status"), max_length=16, choices=LoanStatus.choices, default=LoanStatus.CURRENT)
    closed_on = models.DateField(_("repaid or written off on"), null=True, blank=True)
    write_off_reason = models.CharField(_("reason for writing off"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-disbursed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False, beneficiary__isnull=True)
                | models.Q(case__isnull=True, beneficiary__isnull=False),
                name="programmes_loan_one_borrower",
            ),
            models.CheckConstraint(condition=models.Q(amount_vnd__gt=0), name="programmes_loan_amount_positive"),
            models.CheckConstraint(condition=models.Q(term_months__gte=1), name="programmes_loan_term_positive"),
            models.CheckConstraint(
                condition=models.Q(annual_interest_percent__gte=0), name="programmes_loan_interest_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(status="current", closed_on__isnull=True)
                | (~models.Q(status="current") & models.Q(closed_on__isnull=False)),
                name="programmes_loan_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "disbursed_on"], name="programmes_loan_area"),
            models.Index(fields=["case"], condition=models.Q(case__isnull=False), name="programmes_loan_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_lender_kind_display()} {self.disbursed_on:%d/%m/%Y}"


class LoanInstalment(TimeStampedModel):
    """One due date of a loan's schedule, computed when the loan is recorded."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount_vnd = models.PositiveBigIntegerField(_("amount due (VND)"))

    class Meta:
        verbose_name = _("loan instalment")
        verbose_name_plural = _("loan instalments")
        ordering = ["loan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["loan", "number"], name="programmes_instalment_unique")]
        indexes = [models.Index(fields=["due_on"], name="programmes_instalment_due")]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number}"


class LoanRepayment(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="repayments")
    paid_on = models.DateField(_("paid on"))
    amount_vnd = models.PositiveBigIntegerField(_("amount repaid (VND)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("loan repayment")
        verbose_name_plural = _("loan repayments")
        ordering = ["loan_id", "paid_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_vnd__gt=0), name="programmes_repayment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.paid_on:%d/%m/%Y}"


class AudienceType(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    WOMEN_MARRYING_AGE = "women_marrying_age", _("Women of marrying age")
    STUDENTS = "students", _("Students")
    WORKERS = "workers", _("Workers and job seekers")
    BORDER_RESIDENTS = "border_residents", _("Residents of border areas")
    OFFICIALS = "officials", _("Officials")
    OTHER = "other", _("Other audience")


class AwarenessSession(TimeStampedModel):
    """An awareness session (buổi tuyên truyền): who held it, where, for whom, how many came, what was handed out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("organising agency"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("place (unit)"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place (village, school, hall)"), max_length=200, blank=True)
    audience_type = models.CharField(_("audience"), max_length=32, choices=AudienceType.choices)
    attendees = models.PositiveIntegerField(_("attendees (person-times)"))
    leaflets = models.PositiveIntegerField(_("leaflets handed out"), default=0)
    posters = models.PositiveIntegerField(_("posters put up"), default=0)
    other_materials = models.PositiveIntegerField(_("other materials handed out"), default=0)
    topics = models.CharField(_("topics"), max_length=500)
    import_batch = models.UUIDField(_("spreadsheet import"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("awareness session")
        verbose_name_plural = _("awareness sessions")
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(attendees__gt=0), name="programmes_session_has_attendees"),
        ]
        indexes = [
            models.Index(fields=["unit", "held_on"], name="programmes_session_area"),
            models.Index(fields=["agency", "held_on"], name="programmes_session_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.held_on:%d/%m/%Y}"
