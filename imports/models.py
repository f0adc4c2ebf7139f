"""Lists of people sent by the police and support facilities, imported as intakes (docs/imports.md)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class BatchStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("Dry run")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")


class ImportField(models.TextChoices):
    """Our fields a column of the file can fill."""

    FULL_NAME = "full_name", _("Full name")
    BIRTH_DATE = "birth_date", _("Birth date")
    SEX = "sex", _("Sex")
    IDENTITY_NUMBER = "identity_number", _("Identity number")
    COMMUNE = "commune", _("Commune")
    RECEIVED_ON = "received_on", _("Date received (by the sending agency)")
    NOTES = "notes", _("Note")


class Decision(models.TextChoices):
    NEW = "new", _("New person")
    SAME = "same", _("Same as an existing person")
    SKIP = "skip", _("Skip")


class ImportBatch(TimeStampedModel):
    """One uploaded file: who sent it under which letter, and where its import stands."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sender_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("sending agency"), on_delete=models.PROTECT, related_name="+"
    )
    importing_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("imported by agency"), on_delete=models.PROTECT, related_name="+"
    )
    letter_number = models.CharField(_("letter number"), max_length=60)
    letter_date = models.DateField(_("letter date"))
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    headers = models.JSONField(_("column headers"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)  # our field -> column index
    uploaded_by = models.ForeignKey(
        "agencies.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.DRY_RUN)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with problems"), default=0)
    imported_count = models.PositiveIntegerField(_("rows imported"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)
    # When the dry run's suggestions were stored on the rows (imports.services.import_batch_check).
    checked_at = models.DateTimeField(_("dry run at"), null=True, blank=True)
    # The import running outside the request (imports/background.py): when it started, and why
    # the last one failed (an error code and its non-personal parameters, shown translated).
    import_started_at = models.DateTimeField(_("import started at"), null=True, blank=True)
    import_started_by = models.ForeignKey(
        "agencies.User",
        verbose_name=_("import started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    import_error = models.JSONField(_("import error"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["sender_agency", "file_sha256"], name="import_batch_file_once_per_sender"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} {self.letter_date:%d/%m/%Y}"


class ColumnMapping(models.Model):
    """The column a sender's lists give one of our fields in, remembered for its next list."""

    sender_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("sending agency"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("field"), max_length=32, choices=ImportField.choices)
    column_header = models.CharField(_("column header"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["sender_agency", "field"]
        constraints = [
            models.UniqueConstraint(fields=["sender_agency", "field"], name="column_mapping_one_per_field"),
        ]

    def __str__(self) -> str:
        return f"{self.field} ← {self.column_header}"


class ImportRow(TimeStampedModel):
    """One row of the file. Its cells are personal data: stored encrypted, as one JSON list."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), on_delete=models.CASCADE, related_name="rows"
    )
    number = models.PositiveIntegerField(_("row number"))  # as the spreadsheet numbers it (header = 1)
    cells = EncryptedTextField(_("cells"))
    # Codes and non-personal parameters (unit ids), never a cell's value.
    problems = models.JSONField(_("problems"), default=list)
    # The dry run's findings, stored so that its pages need not match again: existing persons
    # ({"person": uuid, "weight": float, "reasons": [codes]}, best first) and other rows of the
    # file that are probably the same person (row numbers). Never a name or a value.
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    same_in_file = models.JSONField(_("same person in the file"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    same_as = models.ForeignKey(
        "people.Person", verbose_name=_("same as"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intake = models.ForeignKey(
        "cases.Intake", verbose_name=_("intake"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_number_once")]

    def __str__(self) -> str:
        return str(self.number)
