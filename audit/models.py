from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    TRANSITION = "transition", _("State change")
    READ = "read", _("Read personal data")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    PERMISSION_CHANGE = "permission_change", _("Permission change")
    CONSENT_CHANGE = "consent_change", _("Consent change")
    ACCESS_DENIED = "access_denied", _("Access refused")
    DEIDENTIFY = "deidentify", _("De-identification")


class AuditEvent(models.Model):
    """One action on the system. Append-only: nothing in the code updates or deletes these.

    ``changes`` holds before/after values of ordinary fields; for encrypted personal
    fields it records only that the field changed, so the trail never holds plaintext.
    Each event is chained to the one before it by ``chain_hash`` (see audit/chain.py), and on
    PostgreSQL a trigger refuses UPDATE and DELETE on the table.
    """

    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    verb = models.CharField(_("what was done"), max_length=80, help_text=_("e.g. case_open, referral_accept"))
    object_type = models.CharField(_("record type"), max_length=80, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The hash chain (docs/audit.md): set by audit_record under a lock, checked by verify_audit_chain.
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, unique=True, editable=False)
    chain_hash = models.CharField(_("chain hash"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {self.verb} {self.object_type}"
