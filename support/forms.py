"""Forms of the support pages. They validate input; the services decide."""

import datetime
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyType
from cases import errors as case_errors
from cases.models import Case
from core.forms import DayField, MoneyField, ServiceForm, VersionedForm
from geo.models import AdminUnit
from support import errors
from support.models import AmountKind, ReferralStatus, Regime, RegimeRule
from support.selectors import agencies_in_force, current_provinces, regime_rule_in_force

# Agencies a referral goes to: those that provide a service to the person.
REFERRAL_AGENCY_TYPES = [
    AgencyType.WOMENS_UNION,
    AgencyType.LENDER,
    AgencyType.LEGAL_AID,
    AgencyType.HEALTH,
    AgencyType.SCHOOL,
    AgencyType.SUPPORT_FACILITY,
    AgencyType.NGO,
]
# Agencies that hand out support: everyone in the procedure but the police and the offices without cases.
DELIVERING_AGENCY_TYPES = [
    AgencyType.SOCIAL_AFFAIRS,
    AgencyType.COMMUNE,
    AgencyType.BORDER_GUARD,
    *REFERRAL_AGENCY_TYPES,
]


def _lenient(field: forms.Field, value: Any) -> Any:
    """The cleaned value of one raw input, or None while it is empty or still being typed."""
    try:
        return field.clean(value)
    except ValidationError:
        return None


class DecisionForm(ServiceForm):
    """A support decision. When the regime, date or days change, htmx refreshes the rule and amount.

    The regime list offers only the regimes the person may get on the chosen date (``offer``);
    a regime posted anyway gets the service's own reason for refusing it.
    """

    error_fields: ClassVar[dict[str, str]] = {
        errors.NOT_ELIGIBLE.code: "regime",
        errors.ONE_OFF_ALREADY_DECIDED.code: "regime",
        errors.AGE_OVER_LIMIT.code: "regime",
        errors.AGE_UNKNOWN.code: "regime",
        errors.NO_RULE_IN_FORCE.code: "decided_on",
        errors.AMOUNT_OVER_RULE.code: "amount_vnd",
        errors.AMOUNT_NEGATIVE.code: "amount_vnd",
        errors.POOR_HOUSEHOLD_REQUIRED.code: "poor_household",
        errors.APPLICATION_DATE_REQUIRED.code: "application_filed_on",
        errors.APPLICATION_AFTER_DECISION.code: "application_filed_on",
        errors.APPLICATION_LATE.code: "application_filed_on",
        errors.CERTIFIED_ON_REQUIRED.code: "certified_on",
        errors.APPLICATION_BEFORE_CERTIFICATION.code: "certified_on",
        case_errors.DATE_IN_FUTURE.code: "decided_on",
    }

    decided_on = DayField(label=_("Decided on"))
    regime = forms.ModelChoiceField(
        label=_("Regime"),
        queryset=Regime.objects.all(),
        empty_label=_("Choose a regime"),
        error_messages={"required": _("Choose the regime decided.")},
    )
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=3660,
        required=False,
        help_text=_("Days actually spent, for example in the support facility; the rule pays up to its maximum."),
    )
    amount_vnd = MoneyField(label=_("Amount decided (VND)"), required=False)
    poor_household = forms.BooleanField(
        label=_("The person's household is on the poor-household list"),
        required=False,
        help_text=_("Checked against the poor-household certificate; the decision records it."),
    )
    certified_on = DayField(
        label=_("Date of the document certifying the person as a victim"),
        required=False,
        help_text=_("The time limit for filing the application counts from this date."),
    )
    application_filed_on = DayField(label=_("Application filed on"), required=False)
    limit_exception_reason = forms.CharField(
        label=_("Why a late application is accepted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_(
            "Only for an application filed after its time limit. The reason is kept with the decision and audited."
        ),
    )

    def __init__(
        self, data: Any = None, *, case: Case, preview_url: str, may_except: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(data, **kwargs)
        self.case = case
        self.may_except = may_except
        if not may_except:
            del self.fields["limit_exception_reason"]
        refresh = {
            "hx-get": preview_url,
            "hx-include": "#id_regime, #id_decided_on, #id_days",
            "hx-target": "#rule-preview",
            "hx-trigger": "change",
        }
        for name in ("regime", "decided_on", "days"):
            self.fields[name].widget.attrs.update(refresh)

    def offer(self, regimes: list[Regime]) -> None:
        """Show only these regimes in the list (validation still accepts any, for the service to explain)."""
        field = self.fields["regime"]
        field.widget.choices = [("", field.empty_label), *((regime.pk, str(regime)) for regime in regimes)]  # type: ignore[attr-defined]

    def chosen(self) -> tuple[Regime | None, datetime.date | None, int | None]:
        """Regime, date and days as typed so far (bound) or as offered (unbound), without validating."""
        if not self.is_bound:
            return self.initial.get("regime"), self.initial.get("decided_on"), self.initial.get("days")
        return tuple(  # type: ignore[return-value]
            _lenient(self.fields[name], self.data.get(self.add_prefix(name)))
            for name in ("regime", "decided_on", "days")
        )

    def typed(self) -> dict[str, Any]:
        """The other answers as typed so far, to carry into the refreshed form."""
        names = ["poor_household", "certified_on", "application_filed_on", "limit_exception_reason"]
        if not self.is_bound:
            return {name: self.initial.get(name) for name in names}
        return {
            name: _lenient(self.fields[name], self.data.get(self.add_prefix(name)))
            for name in names
            if name in self.fields
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("limit_exception_reason", "")
        regime, day = data.get("regime"), data.get("decided_on")
        if regime is None or day is None:
            return data
        rule = regime_rule_in_force(regime=regime, day=day, province=self.case.home_unit.province)
        if rule is not None:
            self._check_amount(rule, data)
        return data

    def _check_amount(self, rule: RegimeRule, data: dict[str, Any]) -> None:
        if rule.amount_kind == AmountKind.IN_KIND:
            data["days"], data["amount_vnd"] = None, None
        elif rule.amount_kind == AmountKind.PER_DAY:
            if not data.get("days"):
                self.add_error("days", _("Enter the number of days."))
        elif rule.amount_kind == AmountKind.AT_COST and data.get("amount_vnd") is None:
            self.add_error("amount_vnd", _("Enter the amount decided."))


class ProvincialRuleForm(ServiceForm):
    """A provincial rate set by a People's Council resolution, overriding the national rule in its dates."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.RULE_LEGAL_BASIS_REQUIRED.code: "legal_basis",
        errors.RULE_PERIOD_REVERSED.code: "valid_to",
        errors.RULE_OVERLAP.code: "valid_from",
        errors.RULE_NO_NATIONAL_RULE.code: "valid_from",
        errors.RULE_SPANS_NATIONAL_CHANGE.code: "valid_to",
        errors.RULE_NOT_A_PROVINCE.code: "province",
        errors.RULE_AMOUNT_MISSING.code: "amount_vnd",
        errors.RULE_AMOUNT_IN_KIND.code: "amount_vnd",
        errors.AMOUNT_NEGATIVE.code: "amount_vnd",
        errors.RULE_MAX_DAYS_MISSING.code: "max_days",
        errors.RULE_MAX_DAYS_POSITIVE.code: "max_days",
    }

    regime = forms.ModelChoiceField(
        label=_("Regime"),
        queryset=Regime.objects.all(),
        empty_label=_("Choose a regime"),
        error_messages={"required": _("Choose the regime of the rate.")},
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=AdminUnit.objects.none(),
        empty_label=_("Choose a province"),
        error_messages={"required": _("Choose the province of the resolution.")},
    )
    legal_basis = forms.CharField(
        label=_("Resolution of the People's Council"),
        max_length=200,
        help_text=_("Number, date and issuer, for example Nghị quyết số 12/2023/NQ-HĐND ngày 14/7/2023 của HĐND tỉnh."),
        error_messages={"required": errors.RULE_LEGAL_BASIS_REQUIRED.message},  # type: ignore[dict-item]
    )
    legal_article = forms.CharField(label=_("Article"), max_length=120, required=False)
    valid_from = DayField(label=_("Valid from"))
    valid_to = DayField(label=_("Valid to"), required=False, help_text=_("Leave empty while it is in force."))
    amount_kind = forms.ChoiceField(label=_("Amount"), choices=AmountKind.choices)
    amount_vnd = MoneyField(
        label=_("Amount (VND)"),
        required=False,
        help_text=_("The fixed amount, the amount per day, or the cap of an actual cost."),
    )
    max_days = forms.IntegerField(label=_("Maximum days"), min_value=1, max_value=3660, required=False)
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = cast(forms.ModelChoiceField, self.fields["province"])  # type: ignore[type-arg]
        province.queryset = current_provinces()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", str(errors.RULE_PERIOD_REVERSED.message))
        return data


class DeliveryForm(VersionedForm):
    """One instance (lượt) of support delivered under a decision."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.DELIVERIES_OVER_DECISION.code: "amount_vnd",
        errors.AMOUNT_NEGATIVE.code: "amount_vnd",
        errors.DATE_BEFORE_DECISION.code: "delivered_on",
        case_errors.DATE_IN_FUTURE.code: "delivered_on",
    }

    delivered_on = DayField(label=_("Delivered on"))
    amount_vnd = MoneyField(
        label=_("Amount (VND)"), required=False, help_text=_("Leave empty for support in kind or a service.")
    )
    agency = forms.ModelChoiceField(
        label=_("Delivering agency"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the agency that delivered the support.")},
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=200,
        required=False,
        help_text=_("Receipt, payment list or record number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("delivered_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        agency = cast(forms.ModelChoiceField, self.fields["agency"])  # type: ignore[type-arg]
        agency.queryset = agencies_in_force(DELIVERING_AGENCY_TYPES)


class _ReceivingAgencyField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Each agency says whether the person's consent to share with it is recorded."""

    consented: frozenset[int] = frozenset()

    def label_from_instance(self, obj: Agency) -> str:
        notes = [_("consent to share recorded") if obj.pk in self.consented else _("no consent to share recorded")]
        if not obj.uses_system:
            notes.append(_("does not use the system: a slip is printed"))
        return f"{obj.name} ({'; '.join(str(note) for note in notes)})"


class ReferralForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        errors.CONSENT_TO_SHARE_MISSING.code: "to_agency",
        errors.REFERRAL_SAME_AGENCY.code: "to_agency",
        errors.CONSENT_OVERRIDE_REASON_REQUIRED.code: "override_reason",
        case_errors.DATE_IN_FUTURE.code: "sent_on",
    }

    to_agency = _ReceivingAgencyField(
        label=_("Receiving agency"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the agency that will provide the service.")},
    )
    regime = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Regime.objects.all(),
        required=False,
        empty_label=_("Another service (describe it in the message)"),
    )
    sent_on = DayField(label=_("Sent on"))
    message = forms.CharField(
        label=_("Message to the receiving agency"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("What is asked of the agency. Write no more about the person than the service needs."),
    )
    override = forms.BooleanField(label=_("Send without recorded consent"), required=False)
    override_reason = forms.CharField(
        label=_("Why it must be sent without consent"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("Required when sending without consent. The reason is kept with the referral and audited."),
    )

    def __init__(self, *args: Any, consented: set[int], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = cast(_ReceivingAgencyField, self.fields["to_agency"])
        field.queryset = agencies_in_force(REFERRAL_AGENCY_TYPES)
        field.consented = frozenset(consented)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override"):
            if not (data.get("override_reason") or "").strip():
                self.add_error("override_reason", str(errors.CONSENT_OVERRIDE_REASON_REQUIRED.message))
        else:
            data["override_reason"] = ""
        return data


class ReferralAcceptForm(VersionedForm):
    prefix = "accept"
    error_fields: ClassVar[dict[str, str]] = {
        case_errors.DATE_IN_FUTURE.code: "responded_on",
        errors.REFERRAL_DATE_BEFORE_SENT.code: "responded_on",
    }
    responded_on = DayField(label=_("Accepted on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("responded_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReferralDeclineForm(VersionedForm):
    prefix = "decline"
    error_fields: ClassVar[dict[str, str]] = {
        case_errors.DATE_IN_FUTURE.code: "responded_on",
        errors.REFERRAL_DATE_BEFORE_SENT.code: "responded_on",
        errors.DECLINE_REASON_REQUIRED.code: "reason",
    }
    responded_on = DayField(label=_("Declined on"))
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=300,
        error_messages={"required": errors.DECLINE_REASON_REQUIRED.message},  # type: ignore[dict-item]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("responded_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReferralDeliveryForm(VersionedForm):
    prefix = "deliver"
    error_fields: ClassVar[dict[str, str]] = {
        case_errors.DATE_IN_FUTURE.code: "delivered_on",
        errors.REFERRAL_DATE_BEFORE_SENT.code: "delivered_on",
        errors.REFERRAL_DELIVERY_BEFORE_ANSWER.code: "delivered_on",
    }
    delivered_on = DayField(label=_("Delivered on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("delivered_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class OfflineOutcomeForm(VersionedForm):
    """What an agency that does not use the system reported back to the sender."""

    prefix = "outcome"
    error_fields: ClassVar[dict[str, str]] = {
        case_errors.DATE_IN_FUTURE.code: "on",
        errors.REFERRAL_DATE_BEFORE_SENT.code: "on",
        errors.REFERRAL_DELIVERY_BEFORE_ANSWER.code: "on",
        errors.DECLINE_REASON_REQUIRED.code: "reason",
        errors.REFERRAL_OUTCOME_INVALID.code: "outcome",
    }
    outcome = forms.ChoiceField(
        label=_("What the agency did"),
        choices=[
            (ReferralStatus.ACCEPTED.value, _("Accepted the referral")),
            (ReferralStatus.DECLINED.value, _("Declined the referral")),
            (ReferralStatus.DELIVERED.value, _("Delivered the service")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": errors.REFERRAL_OUTCOME_INVALID.message},  # type: ignore[dict-item]
    )
    on = DayField(label=_("Date"))
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=300, required=False, help_text=_("Only when it declined.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == ReferralStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", str(errors.DECLINE_REASON_REQUIRED.message))
        return data


class ApplicationForm(ServiceForm):
    """An application for support received for a case: its filing date and the regimes it asks for."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.APPLICATION_REGIMES_REQUIRED.code: "regimes",
        errors.APPLICATION_NOT_NEEDED.code: "regimes",
        errors.APPLICATION_ALREADY_PENDING.code: "regimes",
        errors.APPLICATION_BEFORE_CASE.code: "filed_on",
        case_errors.DATE_IN_FUTURE.code: "filed_on",
    }

    filed_on = DayField(label=_("Filed on"), help_text=_("The day the commune or the Department received it."))
    regimes = forms.ModelMultipleChoiceField(
        label=_("Regimes applied for"),
        queryset=Regime.objects.filter(rules__application_required=True).distinct().order_by("sort_order", "code"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one regime the application asks for.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("filed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ApplicationWithdrawForm(VersionedForm):
    """Withdrawing a pending application: only the version it was shown at."""
