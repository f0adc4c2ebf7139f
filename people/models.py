import uuid

from django.conf import settings
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
    # Set by people.merging.person_merge: this record was found to be the same person as another and
    # its cases moved there. It stays (identity values encrypted as they were) so the merge can be undone;
    # lists and search leave it out (people.selectors.persons_visible).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

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


class PersonMerge(TimeStampedModel):
    """Two records found to be the same person: ``merged``'s cases and relatives moved to ``kept``.

    ``moved`` says exactly what moved (ids only) so that undo moves it back:
    ``{"cases": [...], "relatives": [...], "name_tokens": [...], "group_memberships": [...]}``
    (``name_tokens``: the ids of the name-word rows added to ``kept`` so that it is found by the
    other record's name too).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey(Person, verbose_name=_("kept record"), on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, verbose_name=_("merged record"), on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"))
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moved = models.JSONField(_("what moved"), default=dict)

    class Meta:
        verbose_name = _("merge of two records of a person")
        verbose_name_plural = _("merges of records of people")
        ordering = ["-merged_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(kept=models.F("merged")), name="people_merge_two_persons"),
            models.UniqueConstraint(
                fields=["merged"], condition=models.Q(undone_at__isnull=True), name="people_merge_once_in_force"
            ),
            models.CheckConstraint(
                condition=models.Q(undone_at__isnull=True, undone_by__isnull=True)
                | models.Q(undone_at__isnull=False, undone_by__isnull=False),
                name="people_merge_undone_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"PersonMerge {self.pk}"


class NotSamePerson(TimeStampedModel):
    """Two persons a user said are different people: the pair is never suggested as duplicates again.

    The pair is unordered; it is stored with ``left`` the smaller id (``NotSamePerson.ordered``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    left = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pair marked as different people")
        verbose_name_plural = _("pairs marked as different people")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="people_not_same_pair_once"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="people_not_same_ordered"),
        ]

    @staticmethod
    def ordered(first: uuid.UUID, second: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
        return (first, second) if first < second else (second, first)

    def __str__(self) -> str:
        return f"NotSamePerson {self.pk}"


class DuplicateCandidate(TimeStampedModel):
    """A pair of persons the matcher found probably the same, stored for the review queue (docs/matching.md).

    Derived data: ``people.duplicates`` writes it (the nightly ``score_duplicates`` command, a refresh
    after changes), the queue only reads it. ``reasons`` holds the matcher's reason codes with their
    weights in bits (``[["given.exact", 5.1], ...]``): codes only, never a name or a value. The pair is
    unordered; it is stored with ``left`` the smaller id, like ``NotSamePerson``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField(_("weight (bits)"))
    reasons = models.JSONField(_("reasons"), default=list)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        ordering = ["-weight", "left_id", "right_id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="people_duplicate_pair_once"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="people_duplicate_ordered"),
        ]
        indexes = [
            models.Index(fields=["-weight", "left", "right"], name="people_duplicate_best_first"),
            models.Index(fields=["right"], name="people_duplicate_right"),
        ]

    def __str__(self) -> str:
        return f"DuplicateCandidate {self.pk}"


class DuplicateScoring(TimeStampedModel):
    """One run of the whole scoring (``people.duplicates.duplicate_candidates_score``): when, and counts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    persons = models.PositiveIntegerField(_("persons scored"))
    pairs = models.PositiveIntegerField(_("probable duplicates found"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when run by the nightly command."),
    )

    class Meta:
        verbose_name = _("scoring of probable duplicates")
        verbose_name_plural = _("scorings of probable duplicates")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"DuplicateScoring {self.pk}"
