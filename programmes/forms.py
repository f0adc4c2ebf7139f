"""Forms of the programme pages. They validate input; the services decide."""

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import capabilities as cap
from agencies.models import Agency, AgencyType, Role, User
from agencies.policies import memberships_with
from core.forms import DayField, MoneyField, ServiceForm, VersionedForm
from geo.models import AdminUnit, Level, Scheme
from geo.selectors import area_unit_ids
from people.models import Sex
from programmes import errors
from programmes.models import AudienceType, BeneficiaryCategory, LenderKind, RepaymentFrequency
from programmes.selectors import ProgrammeFilters

# Agencies that organise groups and sessions (everyone but the police and offices without programmes).
ORGANISER_TYPES = [
    AgencyType.SOCIAL_AFFAIRS,
    AgencyType.COMMUNE,
    AgencyType.WOMENS_UNION,
    AgencyType.LENDER,
    AgencyType.BORDER_GUARD,
    AgencyType.SCHOOL,
    AgencyType.HEALTH,
    AgencyType.LEGAL_AID,
    AgencyType.NGO,
    AgencyType.SUPPORT_FACILITY,
]
_MANAGE_CAPABILITIES = (cap.PROGRAMME_MANAGE, cap.LOAN_MANAGE, cap.PROGRAMME_VIEW)


def _area(actor: User, capabilities: tuple[str, ...] = _MANAGE_CAPABILITIES) -> Q:
    area = Q(pk__in=[])
    for capability in capabilities:
        for membership in memberships_with(actor, capability):
            if membership.role != Role.BORDER_GUARD:
                area |= Q(pk__in=area_unit_ids(membership.agency.unit))
    return area


def unit_label(unit: AdminUnit) -> str:
    return unit.label


class UnitField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)


def communes_for(actor: User) -> QuerySet[AdminUnit]:
    """Current communes in the actor's area: where groups meet, borrowers live, sessions are held."""
    return AdminUnit.objects.filter(_area(actor), scheme=Scheme.CURRENT, level=Level.COMMUNE).order_by("name")


def organisers_for(actor: User) -> QuerySet[Agency]:
    """Agencies a session or group may name: the actor's own, and those of the area (not for border guards)."""
    own = [m.agency_id for c in _MANAGE_CAPABILITIES for m in memberships_with(actor, c)]
    units = AdminUnit.objects.filter(_area(actor))
    return Agency.objects.filter(Q(pk__in=own) | Q(agency_type__in=ORGANISER_TYPES, unit__in=units)).order_by("name")


class FilterForm(forms.Form):
    """Period, area (provinces and districts of both maps, current communes) and agency."""

    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)
    unit = UnitField(label=_("Area"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("All"))
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, data: Any = None, *, actor: User) -> None:
        super().__init__(data)
        area = _area(actor)
        self.fields["unit"].queryset = AdminUnit.objects.filter(  # type: ignore[attr-defined]
            area, level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
        ).order_by("-scheme", "level", "name")
        self.fields["agency"].queryset = organisers_for(actor)  # type: ignore[attr-defined]

    def filters(self) -> ProgrammeFilters:
        """The filters of the valid fields; an invalid field is ignored and shows its error."""
        if not self.is_bound:
            return ProgrammeFilters()
        self.is_valid()
        data = self.cleaned_data
        return ProgrammeFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            unit=data.get("unit"),
            agency=data.get("agency"),
        )


def _today(kwargs: dict[str, Any], *names: str) -> None:
    initial = kwargs.setdefault("initial", {})
    for name in names:
        initial.setdefault(name, timezone.localdate())


# --- Peer groups -------------------------------------------------------------------------------


class GroupForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.NAME_REQUIRED.code: "name",
        errors.OUTSIDE_SCOPE.code: "unit",
        errors.DATE_IN_FUTURE.code: "founded_on",
    }

    name = forms.CharField(label=_("Group name"), max_length=200)
    unit = UnitField(label=_("Commune or ward"), queryset=AdminUnit.objects.none())
    founded_on = DayField(label=_("Founded on"))
    organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organising agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your agency leads the group; tick the agencies that organise it with you."),
    )

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        _today(kwargs, "founded_on")
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = communes_for(actor)  # type: ignore[attr-defined]
        self.fields["organisers"].queryset = organisers_for(actor)  # type: ignore[attr-defined]


class FundingForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.AMOUNT_POSITIVE.code: "amount_vnd",
        errors.SOURCE_REQUIRED.code: "source",
        errors.DATE_IN_FUTURE.code: "received_on",
        errors.GROUP_DATE_BEFORE_FOUNDED.code: "received_on",
    }

    amount_vnd = MoneyField(label=_("Amount (VND)"))
    source = forms.CharField(
        label=_("Source of funding"),
        max_length=200,
        help_text=_("For example: provincial programme budget, a project."),
    )
    received_on = DayField(label=_("Received on"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        _today(kwargs, "received_on")
        super().__init__(data, **kwargs)


class VictimMemberForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.CASE_NOT_FOUND.code: "case_code",
        errors.CASE_CLOSED.code: "case_code",
        errors.ALREADY_MEMBER.code: "case_code",
        errors.DATE_IN_FUTURE.code: "joined_on",
        errors.GROUP_DATE_BEFORE_FOUNDED.code: "joined_on",
    }

    case_code = forms.CharField(
        label=_("Case code"), max_length=32, help_text=_("The person of this case joins the group, e.g. 31-2025-0001.")
    )
    joined_on = DayField(label=_("Joined on"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        _today(kwargs, "joined_on")
        super().__init__(data, **kwargs)


class BeneficiaryFields(ServiceForm):
    """The minimum a programme keeps about someone who is not a victim."""

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    home_unit = UnitField(label=_("Commune or ward of residence"), queryset=AdminUnit.objects.none())
    category = forms.ChoiceField(label=_("Category"), choices=BeneficiaryCategory.choices)

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["home_unit"].queryset = communes_for(actor)  # type: ignore[attr-defined]

    def beneficiary(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("full_name", "birth_year", "sex", "phone", "home_unit", "category")}


class OtherMemberForm(BeneficiaryFields):
    error_fields: ClassVar[dict[str, str]] = {
        errors.NAME_REQUIRED.code: "full_name",
        errors.BIRTH_YEAR_INVALID.code: "birth_year",
        errors.DATE_IN_FUTURE.code: "joined_on",
        errors.GROUP_DATE_BEFORE_FOUNDED.code: "joined_on",
    }

    joined_on = DayField(label=_("Joined on"))

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        _today(kwargs, "joined_on")
        super().__init__(data, actor=actor, **kwargs)


class MeetingForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.TOPIC_REQUIRED.code: "topic",
        errors.ATTENDANCE_POSITIVE.code: "attendance",
        errors.DATE_IN_FUTURE.code: "held_on",
        errors.GROUP_DATE_BEFORE_FOUNDED.code: "held_on",
    }

    held_on = DayField(label=_("Held on"))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=1, max_value=100_000)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        _today(kwargs, "held_on")
        super().__init__(data, **kwargs)


class GroupCloseForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.DATE_IN_FUTURE.code: "closed_on",
        errors.GROUP_DATE_BEFORE_FOUNDED.code: "closed_on",
    }

    closed_on = DayField(label=_("Closed on"))


# --- Loans -------------------------------------------------------------------------------------


class LoanForm(BeneficiaryFields):
    """A loan, to the victim of a case (by its code) or to a woman at risk who is not a victim."""

    BORROWER_CASE = "case"
    BORROWER_OTHER = "other"
    error_fields: ClassVar[dict[str, str]] = {
        errors.CASE_NOT_FOUND.code: "case_code",
        errors.CASE_CLOSED.code: "case_code",
        errors.NAME_REQUIRED.code: "full_name",
        errors.BIRTH_YEAR_INVALID.code: "birth_year",
        errors.OUTSIDE_SCOPE.code: "home_unit",
        errors.AMOUNT_POSITIVE.code: "amount_vnd",
        errors.TERM_INVALID.code: "term_months",
        errors.INTEREST_INVALID.code: "annual_interest_percent",
        errors.DATE_IN_FUTURE.code: "disbursed_on",
    }

    borrower = forms.ChoiceField(
        label=_("Borrower"),
        choices=[
            (BORROWER_CASE, _("A victim with a case")),
            (BORROWER_OTHER, _("A woman at risk who is not a victim")),
        ],
        widget=forms.RadioSelect,
        initial=BORROWER_OTHER,
    )
    case_code = forms.CharField(label=_("Case code"), max_length=32, required=False)
    lender_kind = forms.ChoiceField(label=_("Lender"), choices=LenderKind.choices)
    lender_name = forms.CharField(label=_("Lender's name (if another lender)"), max_length=200, required=False)
    amount_vnd = MoneyField(label=_("Amount lent (VND)"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    disbursed_on = DayField(label=_("Disbursed on"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=240)
    annual_interest_percent = forms.DecimalField(
        label=_("Interest (% a year)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, initial=0
    )
    frequency = forms.ChoiceField(label=_("Repayment schedule"), choices=RepaymentFrequency.choices)

    field_order = ["borrower", "case_code", "full_name", "birth_year", "sex", "phone", "home_unit", "category"]

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        _today(kwargs, "disbursed_on")
        super().__init__(data, actor=actor, **kwargs)
        for name in ("full_name", "home_unit", "category"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("borrower") == self.BORROWER_CASE:
            if not data.get("case_code"):
                self.add_error("case_code", _("Enter the code of the borrower's case."))
        else:
            for name, message in (
                ("full_name", _("Enter the borrower's full name.")),
                ("home_unit", _("Choose the commune or ward where the borrower lives.")),
                ("category", _("Choose the borrower's category.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("lender_kind", "lender_name", "amount_vnd", "purpose", "disbursed_on", "term_months", "frequency")
        return {**{name: data[name] for name in names}, "annual_interest_percent": data["annual_interest_percent"]}


class RepaymentForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.AMOUNT_POSITIVE.code: "amount_vnd",
        errors.REPAYMENT_OVER_BALANCE.code: "amount_vnd",
        errors.DATE_IN_FUTURE.code: "paid_on",
        errors.DATE_BEFORE_LOAN.code: "paid_on",
    }

    paid_on = DayField(label=_("Paid on"))
    amount_vnd = MoneyField(label=_("Amount repaid (VND)"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        _today(kwargs, "paid_on")
        super().__init__(data, **kwargs)


class WriteOffForm(VersionedForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.WRITE_OFF_REASON_REQUIRED.code: "reason",
        errors.DATE_IN_FUTURE.code: "written_off_on",
        errors.DATE_BEFORE_LOAN.code: "written_off_on",
    }

    written_off_on = DayField(label=_("Written off on"))
    reason = forms.CharField(label=_("Reason for writing off"), max_length=300)


# --- Awareness sessions ------------------------------------------------------------------------


class SessionForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.OUTSIDE_SCOPE.code: "agency",
        errors.DATE_IN_FUTURE.code: "held_on",
        errors.ATTENDEES_POSITIVE.code: "attendees",
        errors.TOPICS_REQUIRED.code: "topics",
    }

    agency = forms.ModelChoiceField(label=_("Organising agency"), queryset=Agency.objects.none())
    held_on = DayField(label=_("Held on"))
    unit = UnitField(label=_("Commune or ward"), queryset=AdminUnit.objects.none())
    place = forms.CharField(label=_("Place (village, school, hall)"), max_length=200, required=False)
    audience_type = forms.ChoiceField(label=_("Audience"), choices=AudienceType.choices)
    attendees = forms.IntegerField(label=_("Attendees (person-times)"), min_value=1, max_value=1_000_000)
    leaflets = forms.IntegerField(label=_("Leaflets handed out"), min_value=0, initial=0, max_value=10_000_000)
    posters = forms.IntegerField(label=_("Posters put up"), min_value=0, initial=0, max_value=10_000_000)
    other_materials = forms.IntegerField(
        label=_("Other materials handed out"), min_value=0, initial=0, max_value=10_000_000
    )
    topics = forms.CharField(label=_("Topics"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data: Any = None, *, actor: User, **kwargs: Any) -> None:
        _today(kwargs, "held_on")
        super().__init__(data, **kwargs)
        agencies = session_agencies_for(actor)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = session_units_for(actor)  # type: ignore[attr-defined]
        if (
            "agency" not in self.initial
            and len(own := [m.agency for m in memberships_with(actor, cap.PROGRAMME_MANAGE)]) == 1
        ):
            self.initial["agency"] = own[0].pk


def session_agencies_for(actor: User) -> QuerySet[Agency]:
    """Border guards record their own agency's sessions; area roles any organiser of their area."""
    memberships = memberships_with(actor, cap.PROGRAMME_MANAGE)
    if all(m.role == Role.BORDER_GUARD for m in memberships):
        return Agency.objects.filter(pk__in=[m.agency_id for m in memberships]).order_by("name")
    return organisers_for(actor)


def session_units_for(actor: User) -> QuerySet[AdminUnit]:
    """Communes a session may be held in: the actor's area; for border guards their agency's province."""
    area = _area(actor)
    for membership in memberships_with(actor, cap.PROGRAMME_MANAGE):
        if membership.role == Role.BORDER_GUARD:
            area |= Q(pk__in=area_unit_ids(membership.agency.unit))
    return AdminUnit.objects.filter(area, scheme=Scheme.CURRENT, level=Level.COMMUNE).order_by("name")


class SessionImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Organising agency"), queryset=Agency.objects.none())
    sheet = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_(
            "One session a row, with the headings: Ngày, Xã/phường, Địa điểm, Đối tượng, Số người, Tờ rơi, "
            "Áp phích, Tài liệu khác, Nội dung."
        ),
    )

    def __init__(self, data: Any = None, files: Any = None, *, actor: User, **kwargs: Any) -> None:
        super().__init__(data, files, **kwargs)
        agencies = session_agencies_for(actor)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        own = [m.agency for m in memberships_with(actor, cap.PROGRAMME_MANAGE)]
        if len(own) == 1:
            self.initial["agency"] = own[0].pk
