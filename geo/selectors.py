"""Reading administrative units. They are public reference data, so nothing here checks access."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.textfold import fold
from geo.models import AdminUnit, Level, Scheme, UnitSuccession


def area_unit_ids(unit: AdminUnit) -> QuerySet[AdminUnit, int]:
    """Ids of the units, in both maps, inside the area of an agency that serves ``unit``.

    Records keep the unit in force on their date, so an agency of today must also see
    records filed under the old units its area took over, and the other way round.
    The result is a subquery: use it as ``home_unit__in=area_unit_ids(unit)``.
    """
    if unit.level == Level.PROVINCE:
        inside = Q(current_province_id=unit.current_province_id)
    elif unit.level == Level.DISTRICT:
        # A district of the old map: its communes and what they became (an island
        # district without communes went straight to a new unit).
        went_to = UnitSuccession.objects.filter(Q(predecessor=unit) | Q(predecessor__parent=unit))
        inside = Q(pk=unit.pk) | Q(parent=unit) | Q(pk__in=went_to.values("successor_id"))
    elif unit.scheme == Scheme.CURRENT:
        # Old communes only: an old district whose communes went to several new ones is
        # not wholly inside this commune (an island district without communes is).
        came_from = UnitSuccession.objects.filter(successor=unit).exclude(
            predecessor__level=Level.DISTRICT, predecessor__children__isnull=False
        )
        inside = Q(pk=unit.pk) | Q(pk__in=came_from.values("predecessor_id"))
    else:
        inside = Q(pk=unit.pk) | Q(pk__in=UnitSuccession.objects.filter(predecessor=unit).values("successor_id"))
    return AdminUnit.objects.filter(inside).order_by().values_list("pk", flat=True)


def unit_successors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The current units that replaced ``unit``, the main successor first."""
    return (
        AdminUnit.objects.filter(predecessions__predecessor=unit)
        .select_related("current_province")
        .order_by("-predecessions__is_main", "code")
    )


def units_current_for(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The unit itself if it is of the current map, else the current units that replaced it."""
    if unit.scheme == Scheme.CURRENT:
        return AdminUnit.objects.filter(pk=unit.pk).select_related("current_province")
    return unit_successors(unit)


def unit_search(
    query: str, *, scheme: Scheme | str | None = None, level: Level | str | None = None, limit: int = 20
) -> QuerySet[AdminUnit]:
    """Units whose name has words starting with every word of ``query``, diacritics ignored.

    "kien thuy" finds "Huyện Kiến Thụy"; units named exactly so come before those whose
    names only contain the words, current units before legacy ones, provinces first.
    """
    words = fold(query).split()
    if not words:
        return AdminUnit.objects.none()
    units = AdminUnit.objects.all()
    for word in words:
        units = units.filter(Q(folded_name__startswith=word) | Q(folded_name__contains=" " + word))
    if scheme:
        units = units.filter(scheme=scheme)
    if level:
        units = units.filter(level=level)
    folded = " ".join(words)
    exact = Q(folded_name=folded) | Q(folded_name__endswith=" " + folded)
    return (
        units.select_related("province", "current_province")
        .annotate(
            _rank=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()),
            _scheme_rank=Case(
                When(scheme=Scheme.CURRENT, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            _level_rank=Case(
                When(level=Level.PROVINCE, then=Value(0)),
                When(level=Level.DISTRICT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("_rank", "_scheme_rank", "_level_rank", "folded_name", "code")[:limit]
    )
