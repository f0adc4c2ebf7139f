"""Forms of the case pages. They validate input; the services decide."""

from typing import Any, ClassVar

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies import capabilities as cap
from agencies.models import Agency, AgencyType, User
from agencies.policies import memberships_with
from agencies.selectors import agencies_in_force
from cases.models import CaseStatus, ConsentScope, IntakeChannel
from cases.selectors import CaseFilters
from core.forms import DayField, ServiceForm
from geo.models import AdminUnit, Level
from geo.selectors import area_unit_ids
from people.models import Sex


class CaseSearchForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=120, required=False)


_ALL = ("", _("All"))
# The filter lists change when units, agencies or staff change: rarely. Read them at most
# this often per set of agencies, not on every visit of the busiest page.
FILTER_CHOICES_SECONDS = 300


_FilterChoices = tuple[dict[str, AdminUnit], dict[str, Agency], dict[str, User]]


def _filter_choices(actor: User) -> _FilterChoices:
    memberships = memberships_with(actor, cap.CASE_VIEW)
    agency_ids = [m.agency_id for m in memberships]
    area = Q(pk__in=[])
    for membership in memberships:
        area |= Q(pk__in=area_unit_ids(membership.agency.unit))
    # Provinces and districts of both maps: communes are too many for one list.
    units = AdminUnit.objects.filter(area, level__in=[Level.PROVINCE, Level.DISTRICT]).order_by(
        "-scheme", "level", "name"
    )
    responsible_types = [AgencyType.SOCIAL_AFFAIRS, AgencyType.COMMUNE]
    agencies = Agency.objects.filter(
        Q(pk__in=agency_ids) | Q(agency_type__in=responsible_types, unit__in=AdminUnit.objects.filter(area))
    ).order_by("name")
    officers = User.objects.filter(memberships__agency__in=agency_ids).distinct().order_by("last_name", "first_name")
    return (
        {str(unit.pk): unit for unit in units},
        {str(agency.pk): agency for agency in agencies},
        {str(user.pk): user for user in officers},
    )


class CaseFilterForm(forms.Form):
    """The case list's filters. Choice lists are read once and rendered as plain options:
    the list page is the most visited one, and it must stay fast."""

    status = forms.ChoiceField(label=_("Status"), choices=[_ALL, *CaseStatus.choices], required=False)
    channel = forms.ChoiceField(label=_("Intake channel"), choices=[_ALL, *IntakeChannel.choices], required=False)
    unit = forms.ChoiceField(label=_("Area"), required=False)
    agency = forms.ChoiceField(label=_("Responsible agency"), required=False)
    officer = forms.ChoiceField(label=_("Responsible officer"), required=False)
    overdue = forms.BooleanField(label=_("Only with overdue items"), required=False)

    def __init__(self, data: Any = None, *, actor: User) -> None:
        super().__init__(data)
        agency_ids = sorted(m.agency_id for m in memberships_with(actor, cap.CASE_VIEW))
        key = f"case-filter-choices:{get_language()}:{agency_ids}"
        choices: _FilterChoices = cache.get_or_set(key, lambda: _filter_choices(actor), FILTER_CHOICES_SECONDS)  # type: ignore[assignment]
        self._units, self._agencies, self._officers = choices
        self._set_choices("unit", [(key, _unit_label(unit)) for key, unit in self._units.items()])
        self._set_choices("agency", [(key, agency.name) for key, agency in self._agencies.items()])
        self._set_choices("officer", [(key, user.display_name) for key, user in self._officers.items()])

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        self.fields[name].choices = [_ALL, *choices]  # type: ignore[attr-defined]

    def filters(self, *, name: str = "") -> CaseFilters:
        """The filters of the valid fields; an invalid field is ignored and shows its error."""
        if not self.is_bound:
            return CaseFilters(name=name)
        self.is_valid()
        data = self.cleaned_data
        return CaseFilters(
            status=data.get("status") or "",
            channel=data.get("channel") or "",
            unit=self._units.get(data.get("unit") or ""),
            agency=self._agencies.get(data.get("agency") or ""),
            officer=self._officers.get(data.get("officer") or ""),
            overdue=bool(data.get("overdue")),
            name=name,
        )


def _unit_label(unit: AdminUnit) -> str:
    return unit.label


class _AdminUnitField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AdminUnit) -> str:
        return _unit_label(obj)


_SOURCE_AGENCY_TYPES = [
    AgencyType.POLICE,
    AgencyType.BORDER_GUARD,
    AgencyType.SUPPORT_FACILITY,
    AgencyType.NGO,
    AgencyType.SOCIAL_AFFAIRS,
    AgencyType.COMMUNE,
]


class IntakeDetailsForm(ServiceForm):
    """How the person came: channel, date, the agency and reference of the list or letter."""

    channel = forms.ChoiceField(label=_("Intake channel"), choices=IntakeChannel.choices)
    received_on = DayField(label=_("Received on"))
    source_agency = forms.ModelChoiceField(
        label=_("Sending agency"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("The police, border guard, facility or organisation that sent the list or the person."),
    )
    source_reference = forms.CharField(
        label=_("Letter or list reference"), max_length=120, required=False, help_text=_("For example 125/CAT-PC02.")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["source_agency"].queryset = Agency.objects.filter(agency_type__in=_SOURCE_AGENCY_TYPES).order_by(  # type: ignore[attr-defined]
            "name"
        )


class IntakeForm(IntakeDetailsForm):
    """A new intake: the person, where they live, and who is responsible."""

    error_fields: ClassVar[dict[str, str]] = {
        "case.unit_not_commune": "home_unit",
        "case.unit_not_in_force": "home_unit",
        "case.agency_not_in_force": "responsible_agency",
        "case.date_in_future": "received_on",
    }

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    birth_date = DayField(label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, help_text=_("If the exact date is not known.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    identity_number = forms.CharField(label=_("Identity number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    province = _AdminUnitField(
        label=_("Home province"),
        queryset=AdminUnit.objects.filter(level=Level.PROVINCE).order_by("-scheme", "name"),
        help_text=_("For an intake before 01/07/2025 choose the province and commune of that time."),
    )
    home_unit = _AdminUnitField(label=_("Home commune"), queryset=AdminUnit.objects.filter(level=Level.COMMUNE))
    address_detail = forms.CharField(label=_("Address (village, street, house number)"), max_length=200, required=False)
    responsible_agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=Agency.objects.none())
    field_order = [
        "channel",
        "received_on",
        "source_agency",
        "source_reference",
        "full_name",
        "birth_date",
        "birth_year",
        "sex",
        "identity_number",
        "phone",
        "province",
        "home_unit",
        "address_detail",
        "responsible_agency",
        "notes",
    ]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        membership = next(iter(memberships_with(actor, cap.CASE_CREATE)), None)
        if membership is not None:
            own_province = membership.agency.unit.current_province or membership.agency.unit.province
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("province", own_province)
            if membership.agency.agency_type == AgencyType.SOCIAL_AFFAIRS:
                initial.setdefault("responsible_agency", membership.agency)
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            agency_type__in=[AgencyType.SOCIAL_AFFAIRS, AgencyType.COMMUNE]
        ).order_by("name")
        self.fields["province"].widget.attrs.update(
            {"hx-get": reverse_lazy("cases:commune_options"), "hx-target": "#id_home_unit", "hx-trigger": "change"}
        )
        # Only the communes of the chosen province are offered; any commune still validates.
        province = self._chosen_province()
        self.fields["home_unit"].choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (unit.pk, _unit_label(unit)) for unit in communes_of(province)
        ]

    def _chosen_province(self) -> AdminUnit | None:
        value = str(self.data.get(self.add_prefix("province")) or "") if self.is_bound else ""
        if value:
            return AdminUnit.objects.filter(pk=int(value), level=Level.PROVINCE).first() if value.isdigit() else None
        initial = self.initial.get("province")
        return initial if isinstance(initial, AdminUnit) else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        province, commune = data.get("province"), data.get("home_unit")
        if province and commune and commune.province_id != province.pk:
            self.add_error("home_unit", _("This commune is not in the chosen province."))
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        if birth_date and birth_date > timezone.localdate():
            self.add_error("birth_date", _("The date of birth cannot be in the future."))
        if birth_year and birth_year > timezone.localdate().year:
            self.add_error("birth_year", _("The year of birth cannot be in the future."))
        return data


def communes_of(province: AdminUnit | None) -> QuerySet[AdminUnit]:
    if province is None:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(level=Level.COMMUNE, province=province).order_by("name")


class ConsentForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        "case.sharing_needs_agency": "agency",
        "case.date_in_future": "recorded_on",
    }

    scope = forms.ChoiceField(label=_("Consent to"), choices=ConsentScope.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(
        label=_("Agency shared with"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Only for consent to share data."),
    )
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Consent given")), ("no", _("Consent withdrawn or refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    recorded_on = DayField(label=_("Recorded on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("recorded_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_in_force(  # type: ignore[attr-defined]
            [t for t in AgencyType.values if t not in {AgencyType.MINISTRY, AgencyType.IT, AgencyType.INSPECTION}]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sharing = data.get("scope") == ConsentScope.SHARING
        if sharing and not data.get("agency"):
            self.add_error("agency", _("Choose the agency the person agrees to share data with."))
        if not sharing:
            data["agency"] = None
        return data
