"""Oversight of the programme: training courses for officials, inspections of localities
with their recommendations, and interim (3-year) and final (5-year) reviews.

None of these records holds a victim's personal data. Inspection findings and teams may
name officials, so inspections are internal (see policies.py).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel
from core.money import format_vnd


class TrainingCourse(VersionedModel):
    """A training course for officials: who organised it, when, where, on what, with which funds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("course title"), max_length=200)
    organiser = models.ForeignKey(
        "agencies.Agency", verbose_name=_("organising agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province or commune whose officials the course trained."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    topics = models.TextField(_("topics"))
    funding_vnd = models.PositiveBigIntegerField(_("funding (VND)"), default=0)
    funding_source = models.CharField(_("source of funding"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="oversight_training_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingParticipation(TimeStampedModel):
    """How many officials of one agency took part in a course."""

    training = models.ForeignKey(
        TrainingCourse, verbose_name=_("training course"), on_delete=models.CASCADE, related_name="participations"
    )
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants of an agency")
        verbose_name_plural = _("participants by agency")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["training", "agency"], name="oversight_participation_one_per_agency"),
            models.CheckConstraint(condition=models.Q(participants__gt=0), name="oversight_participation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.participants}"


class Inspection(VersionedModel):
    """An inspection of a locality and an agency there, by an inspection team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("inspected locality"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit in force on the inspection date: of the old map before 01/07/2025."),
    )
    inspected_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("inspected agency"), on_delete=models.PROTECT, related_name="+"
    )
    inspecting_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("inspecting agency"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspection date"))
    team = models.TextField(_("inspection team"), help_text=_("Members of the team and their positions."))
    findings = models.TextField(_("findings"))
    includes_victim_support = models.BooleanField(_("includes the check of victim support"), default=False)
    victim_support_findings = models.TextField(_("findings on victim support"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} – {self.inspected_on:%d/%m/%Y}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("No longer required")


PENDING_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class Recommendation(VersionedModel):
    """What an inspection asked for, by when; followed up until done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("follow-up status"), max_length=16, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="oversight_recommendation_due")]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in PENDING_STATUSES and self.due_on < today


class RecommendationUpdate(TimeStampedModel):
    """One step of a recommendation's follow-up: its history."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="updates"
    )
    noted_on = models.DateField(_("date"))
    status = models.CharField(_("follow-up status"), max_length=16, choices=RecommendationStatus.choices)
    note = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up of a recommendation")
        verbose_name_plural = _("follow-ups of recommendations")
        ordering = ["noted_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.noted_on:%d/%m/%Y} – {self.get_status_display()}"


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (3 years)")
    FINAL = "final", _("Final review (5 years)")


class Review(VersionedModel):
    """A review of a programme period in an area: its figures and its narrative."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind of review"), max_length=16, choices=ReviewKind.choices)
    title = models.CharField(
        _("programme"), max_length=250, help_text=_("The programme or plan reviewed, as its document names it.")
    )
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("reporting agency"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    narrative = models.TextField(_("narrative"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")), name="oversight_review_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.title}"


class Measure(models.TextChoices):
    PERSONS = "persons", _("persons")
    INSTANCES = "instances", _("instances (person-times)")
    VND = "vnd", _("đồng")
    COUNT = "count", _("number")


class FigureSource(models.TextChoices):
    ENTERED = "entered", _("Entered by hand")
    COMPUTED = "computed", _("Computed from the records")


class ReviewFigure(TimeStampedModel):
    """One figure of a review: a named indicator and its value for the review's period and area.

    Officials enter figures by hand (``source=entered``, ``indicator_code`` empty), or
    compute them from the records (``oversight.services.review_figures_compute``: the
    standard report's indicators, by code, ``source=computed``): one figure per review and
    label, and per review and indicator code when there is one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("indicator"), max_length=250)
    indicator_code = models.SlugField(_("indicator code"), max_length=80, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=16, choices=Measure.choices, default=Measure.COUNT)
    value = models.PositiveBigIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=16, choices=FigureSource.choices, default=FigureSource.ENTERED)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("figure of a review")
        verbose_name_plural = _("figures of a review")
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "label"], name="oversight_figure_one_per_label"),
            models.UniqueConstraint(
                fields=["review", "indicator_code"],
                condition=~models.Q(indicator_code=""),
                name="oversight_figure_one_per_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    @property
    def value_text(self) -> str:
        """18.000.000 ₫ for an amount, 4.670 for a count."""
        return format_vnd(self.value) if self.measure == Measure.VND else f"{self.value:,}".replace(",", ".")
