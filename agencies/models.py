import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class AgencyType(models.TextChoices):
    SOCIAL_AFFAIRS = "social_affairs", _("Social affairs (victim support lead)")
    POLICE = "police", _("Police")
    BORDER_GUARD = "border_guard", _("Border guard")
    WOMENS_UNION = "womens_union", _("Women's Union")
    LENDER = "lender", _("Lender (Women's Development Fund, Bank for Social Policies)")
    LEGAL_AID = "legal_aid", _("Legal aid centre")
    HEALTH = "health", _("Health facility")
    SCHOOL = "school", _("School or vocational school")
    SUPPORT_FACILITY = "support_facility", _("Victim support facility")
    COMMUNE = "commune", _("Commune People's Committee")
    NGO = "ngo", _("Non-governmental organisation")
    MINISTRY = "ministry", _("Ministry")
    INSPECTION = "inspection", _("Inspectorate")
    IT = "it", _("IT administration")


class Agency(TimeStampedModel):
    """An organisation that acts in the procedure, as it existed between its validity dates.

    Agencies change with the reforms (the provincial labour department led victim
    support until 28/02/2025, the Department of Health since 01/03/2025); a record keeps
    the agency that acted at the time, and ``succeeded_by`` links old to new.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    agency_type = models.CharField(_("agency type"), max_length=32, choices=AgencyType.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit served"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    succeeded_by = models.ForeignKey(
        "self", verbose_name=_("succeeded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    uses_system = models.BooleanField(
        _("uses the system"),
        default=True,
        help_text=_("Referrals to an agency that does not use the system get a printed slip."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agencies_agency_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def in_force_on(self, day: datetime.date) -> "Agency":
        """This agency, or the one that took over its work by ``day`` (following ``succeeded_by``)."""
        agency, seen = self, {self.pk}
        while not agency.is_valid_on(day) and agency.succeeded_by is not None and agency.succeeded_by_id not in seen:
            agency = agency.succeeded_by
            seen.add(agency.pk)
        return agency


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    @property
    def display_name(self) -> str:
        """Vietnamese order: family and middle names (``last_name``) before the given name."""
        return " ".join(part for part in (self.last_name, self.first_name) if part) or self.username

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]


class Role(models.TextChoices):
    PROVINCIAL_COORDINATOR = "provincial_coordinator", _("Provincial coordinator")
    COMMUNE_OFFICER = "commune_officer", _("Commune social officer")
    POLICE_OFFICER = "police_officer", _("Police officer")
    BORDER_GUARD = "border_guard", _("Border guard officer")
    WOMENS_UNION_OFFICER = "womens_union_officer", _("Women's Union officer")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    CASE_VIEWER = "case_viewer", _("Case reader (read-only)")
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry (aggregate statistics)")
    INSPECTOR = "inspector", _("Inspector")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Membership(TimeStampedModel):
    """A user works for an agency in a role; the role gives capabilities, the agency gives scope."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="agencies_membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"


class TotpAuthenticator(TimeStampedModel):
    """A user's authenticator app (TOTP, RFC 6238): the second factor of sign-in.

    The secret is encrypted like personal fields. ``confirmed_at`` is empty while the
    user is setting it up (the QR code is shown, no code entered yet); only a confirmed
    authenticator signs in. ``last_used_step`` is the 30-second time step of the last
    accepted code: a code of that step or an earlier one is refused, so a code seen over
    someone's shoulder cannot be used again.
    """

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="totp_authenticator"
    )
    secret = EncryptedTextField(_("secret"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("last time step used"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(TimeStampedModel):
    """One single-use code for signing in without the phone, kept only as a keyed digest.

    Ten are made at each set-up or renewal, shown once, and replace all earlier ones.
    ``digest`` is an HMAC of the normalised code under the blind index key, with the
    user's id in the purpose (see agencies.totp.recovery_code_digest).
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(_("digest"), max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        ordering = ["user_id", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="agencies_recovery_code_unique_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d/%m/%Y}"
