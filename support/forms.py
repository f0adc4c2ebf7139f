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
from support import errors
from support.models import AmountKind, ReferralStatus, Regime, RegimeRule
from support.selectors import agencies_in_force, regime_rule_in_force

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
    """A support decision. When the regime, date or days change, htmx refreshes the rule and amount."""

    error_fields: ClassVar[dict[str, str]] = {
        errors.NOT_ELIGIBLE.code: "regime",
        errors.ONE_OFF_ALREADY_DECIDED.code: "regime",
        errors.NO_RULE_IN_FORCE.code: "decided_on",
        errors.AMOUNT_OVER_RULE.code: "amount_vnd",
        errors.AMOUNT_NEGATIVE.code: "amount_vnd",
        case_errors.DATE_IN_FUTURE.code: "decided_on",
    }

    decided_on = DayField(label=_("Decided on"))
    regime = forms.ModelChoiceField(
        label=_("Regime"),
        queryset=Regime.objects.all(),
        empty_label=_("Choose a regime"),
        error_messages={"required": _("Choose the regime decided.")},
    )
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=3660, required=False)
    amount_vnd = MoneyField(label=_("Amount decided (VND)"), required=False)

    def __init__(self, data: Any = None, *, case: Case, preview_url: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(data, **kwargs)
        self.case = case
        refresh = {
            "hx-get": preview_url,
            "hx-include": "#id_regime, #id_decided_on, #id_days",
            "hx-target": "#rule-preview",
            "hx-trigger": "change",
        }
        for name in ("regime", "decided_on", "days"):
            self.fields[name].widget.attrs.update(refresh)

    def chosen(self) -> tuple[Regime | None, datetime.date | None, int | None]:
        """Regime, date and days as typed so far (bound) or as offered (unbound), without validating."""
        if not self.is_bound:
            return self.initial.get("regime"), self.initial.get("decided_on"), self.initial.get("days")
        return tuple(  # type: ignore[return-value]
            _lenient(self.fields[name], self.data.get(self.add_prefix(name)))
            for name in ("regime", "decided_on", "days")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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
            days = data.get("days")
            if not days:
                self.add_error("days", _("Enter the number of days."))
            elif rule.max_days and days > rule.max_days:
                self.add_error("days", _("The rule pays at most %(days)s days.") % {"days": rule.max_days})
        elif rule.amount_kind == AmountKind.AT_COST and data.get("amount_vnd") is None:
            self.add_error("amount_vnd", _("Enter the amount decided."))


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
