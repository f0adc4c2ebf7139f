import datetime

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

# The 2025 reform: the 63-province, three-level map ends on this day...
LEGACY_MAP_ENDS = datetime.date(2025, 6, 30)
# ...and the 34-province map without districts starts on this one.
CURRENT_MAP_STARTS = datetime.date(2025, 7, 1)


class Scheme(models.TextChoices):
    LEGACY = "legacy", _("Before 01/07/2025 (63 provinces)")
    CURRENT = "current", _("From 01/07/2025 (34 provinces)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdminUnit(TimeStampedModel):
    """A province, district or commune of one map, with the dates it was in force.

    Official codes are reused across the two maps (Hải Phòng is 31 in both), so a unit
    is identified by its scheme, level and code together.
    """

    scheme = models.CharField(_("map"), max_length=16, choices=Scheme.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    unit_type = models.CharField(_("unit type"), max_length=40, help_text=_("Tỉnh, Thành phố, Huyện, Phường, Xã..."))
    folded_name = models.CharField(_("folded name"), max_length=120, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province of this unit in its own map (itself for a province)."),
    )
    current_province = models.ForeignKey(
        "self",
        verbose_name=_("current province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province of the current map that covers this unit today."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level", "code"], name="geo_unit_unique_code_per_map"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="geo_unit_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as lists show it: a unit of the old map is marked "(before 01/07/2025)"."""
        if self.scheme == Scheme.LEGACY:
            return gettext("%(name)s (before 01/07/2025)") % {"name": self.name}
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class UnitSuccession(models.Model):
    """An old unit was merged into (or split among) new units on ``effective_on``."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    effective_on = models.DateField(_("effective on"), default=CURRENT_MAP_STARTS)
    is_main = models.BooleanField(
        _("main successor"),
        default=True,
        help_text=_("Where an old unit was split, the new unit that took most of it."),
    )

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["predecessor_id", "successor_id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="geo_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
