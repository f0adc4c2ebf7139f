"""Support plan, deliveries and referrals. Views parse the form, call a service and redirect."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import capabilities as cap
from agencies.models import Agency
from agencies.policies import capabilities_of
from cases.models import Case
from cases.policies import may_act_on_case
from cases.selectors import case_for_action
from core.errors import PERMISSION_DENIED, DomainError
from core.http import acting_user, or_http_error, require_capability
from core.money import format_vnd
from support import errors
from support.deadlines import (
    ApplicationStep,
    application_filing_deadline,
    application_procedure,
    application_steps,
)
from support.forms import (
    ApplicationForm,
    ApplicationWithdrawForm,
    DecisionForm,
    DeliveryForm,
    OfflineOutcomeForm,
    ProvincialRuleForm,
    ReferralAcceptForm,
    ReferralDeclineForm,
    ReferralDeliveryForm,
    ReferralForm,
)
from support.models import Referral, ReferralStatus, RegimeRule
from support.selectors import (
    ReferralView,
    RegimeOption,
    application_for_action,
    certified_on_for,
    decision_for_action,
    referral_for_action,
    referral_for_reading,
    referral_inbox,
    referral_slip,
    regime_catalogue,
    rule_prefill_amount,
    sharing_consented_agency_ids,
    support_plan,
)
from support.services import (
    provincial_rule_add,
    referral_accept,
    referral_decline,
    referral_record_delivery,
    referral_record_outcome_for_offline_agency,
    referral_send,
    support_application_record,
    support_application_withdraw,
    support_decision_record,
    support_delivery_record,
)

T = TypeVar("T")
REFERRALS_PER_PAGE = 50


def _case_page(case_id: uuid.UUID, anchor: str) -> str:
    return f"{reverse('cases:detail', args=[case_id])}#{anchor}"


# --- Support plan: decisions -------------------------------------------------------------------


def _money_input(amount: int | None) -> str | None:
    """How an amount is written in a money field: 1.000.000."""
    return None if amount is None else f"{amount:,}".replace(",", ".")


def _may_except(request: HttpRequest, case: Case) -> bool:
    return may_act_on_case(acting_user(request), cap.SUPPORT_LIMIT_EXCEPTION, case)


def _prefilled_decision_form(form: DecisionForm, case: Case, preview_url: str) -> DecisionForm:
    """The form again, unsaved, with the amount taken from the rule in force for the chosen regime and date."""
    regime, day, days = form.chosen()
    day = day or timezone.localdate()
    option = support_plan(case=case, day=day).option_for(regime)
    amount = rule_prefill_amount(option.rule if option else None, days=days)
    return DecisionForm(
        case=case,
        preview_url=preview_url,
        may_except=form.may_except,
        initial={
            **form.typed(),
            "regime": regime,
            "decided_on": day,
            "days": days,
            "amount_vnd": _money_input(amount),
        },
    )


def _rule_notes(option: RegimeOption | None, day: datetime.date) -> list[str]:
    """Why the chosen regime cannot be decided, in the services' own words."""
    if option is None:
        return []
    if option.rule is None:
        return [DomainError(errors.NO_RULE_IN_FORCE, date=date_format(day, "SHORT_DATE_FORMAT")).message]
    notes = []
    if option.refusal is not None:
        notes.append(option.refusal.message)
    if option.already_decided:
        notes.append(str(errors.ONE_OFF_ALREADY_DECIDED.message))
    return notes


def _filing(form: DecisionForm, case: Case, rule: RegimeRule | None) -> dict[str, Any]:
    """For a regime granted on an application: the certifying date and the filing time limit it gives."""
    if rule is None or not rule.application_required:
        return {}
    certified_on = form.typed().get("certified_on") or certified_on_for(case)
    if not form.is_bound and not form.initial.get("certified_on"):
        form.initial["certified_on"] = certified_on
    return {
        "certified_on": certified_on,
        "filing_deadline": application_filing_deadline(certified_on) if certified_on else None,
    }


def _decision_context(form: DecisionForm, case: Case) -> dict[str, Any]:
    regime, day, _days = form.chosen()
    plan = support_plan(case=case, day=day or timezone.localdate())
    form.offer([option.regime for option in plan.options if option.available])
    option = plan.option_for(regime)
    rule = option.rule if option else None
    return {
        "form": form,
        "case": case,
        "plan": plan,
        "option": option,
        "rule": rule,
        "day_known": day is not None,
        "rule_notes": _rule_notes(option, plan.day),
        "filing": _filing(form, case, rule),
    }


@require_http_methods(["GET", "POST"])
@login_required
def decision_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The support plan of a case: the regimes with their rules on the chosen date, and a decision form.

    Without JavaScript, the "fill in the amount" button posts the form back unsaved with
    the amount of the rule; with htmx the same happens as the regime, date or days change.
    """
    case = or_http_error(case_for_action, actor=acting_user(request), case_id=case_id, capability=cap.SUPPORT_DECIDE)
    preview_url = reverse("support:rule_preview", args=[case.pk])
    form = DecisionForm(request.POST or None, case=case, preview_url=preview_url, may_except=_may_except(request, case))
    if request.method == "POST":
        if request.POST.get("action") == "preview":
            form = _prefilled_decision_form(form, case, preview_url)
        elif form.is_valid():
            data = form.cleaned_data
            decision = form.submit(
                support_decision_record,
                actor=acting_user(request),
                case=case,
                regime=data["regime"],
                decided_on=data["decided_on"],
                days=data["days"],
                amount_vnd=data["amount_vnd"],
                poor_household=data["poor_household"],
                certified_on=data["certified_on"],
                application_filed_on=data["application_filed_on"],
                limit_exception_reason=data["limit_exception_reason"],
            )
            if decision is not None:
                messages.success(
                    request,
                    _("The decision on “%(regime)s” was recorded (%(amount)s).")
                    % {"regime": decision.regime.name, "amount": format_vnd(decision.amount_vnd)},
                )
                return redirect(_case_page(case.pk, "support-heading"))
    return render(request, "support/decision_new.html", _decision_context(form, case))


@require_GET
@login_required
def rule_preview(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """htmx partial: the rule in force for the chosen regime and date, and the amount fields pre-filled.

    The query string holds only a regime id, a date and a number of days: no personal data.
    """
    case = or_http_error(case_for_action, actor=acting_user(request), case_id=case_id, capability=cap.SUPPORT_DECIDE)
    preview_url = reverse("support:rule_preview", args=[case.pk])
    asked = DecisionForm(request.GET, case=case, preview_url=preview_url, may_except=_may_except(request, case))
    form = _prefilled_decision_form(asked, case, preview_url)
    context = _decision_context(form, case)
    context["day_known"] = asked.chosen()[1] is not None
    return render(request, "support/rule_preview_response.html", context)


# --- Applications for support ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def application_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record an application for support received for a case; its steps are computed from the filing date."""
    case = or_http_error(case_for_action, actor=acting_user(request), case_id=case_id, capability=cap.CASE_EDIT)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        application = form.submit(
            support_application_record,
            actor=acting_user(request),
            case=case,
            regimes=list(data["regimes"]),
            filed_on=data["filed_on"],
        )
        if application is not None:
            messages.success(
                request,
                _("The application filed on %(date)s was recorded.")
                % {"date": date_format(application.filed_on, "SHORT_DATE_FORMAT")},
            )
            return redirect(_case_page(case.pk, "applications-heading"))
    return render(request, "support/application_new.html", {"form": form, "case": case})


@require_POST
@login_required
def application_withdraw(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The person withdrew a pending application; a stale or finished one is refused with a message."""
    application = or_http_error(
        application_for_action, actor=acting_user(request), application_id=application_id, capability=cap.CASE_EDIT
    )
    form = ApplicationWithdrawForm(request.POST)
    withdrawn = None
    if form.is_valid():
        withdrawn = form.submit(
            support_application_withdraw,
            actor=acting_user(request),
            application=application,
            expected_version=form.cleaned_data["version"],
        )
    if withdrawn is not None:
        messages.success(
            request,
            _("The application filed on %(date)s was withdrawn.")
            % {"date": date_format(withdrawn.filed_on, "SHORT_DATE_FORMAT")},
        )
    else:
        for error in form.errors.values():
            for message in error:
                messages.error(request, str(message))
    return redirect(_case_page(application.case_id, "applications-heading"))


# --- The catalogue of regimes and provincial rates ---------------------------------------------------


@dataclass(frozen=True)
class _CatalogueRule:
    rule: RegimeRule
    steps: list[ApplicationStep]
    filing_limit_months: int | None
    filing_limit_basis: object


def _with_procedure(rule: RegimeRule) -> _CatalogueRule:
    """A rule with the deadlines of its application procedure (regimes granted on an application)."""
    if not rule.application_required:
        return _CatalogueRule(rule, [], None, None)
    procedure = application_procedure(rule.valid_from)
    return _CatalogueRule(
        rule, application_steps(rule.valid_from), procedure.filing_limit_months, procedure.filing_limit_basis
    )


@require_GET
@login_required
def regime_catalogue_view(request: HttpRequest) -> HttpResponse:
    """Every regime with its rule versions, legal bases, conditions, amounts and procedure deadlines."""
    granted = capabilities_of(acting_user(request))
    if not granted & {cap.CASE_VIEW, cap.REFERENCE_DATA_MANAGE}:  # who works on cases or manages reference data
        raise PermissionDenied(PERMISSION_DENIED.message)
    entries = [(entry.regime, [_with_procedure(rule) for rule in entry.rules]) for entry in regime_catalogue()]
    context = {"entries": entries, "may_add_rate": cap.REFERENCE_DATA_MANAGE in granted}
    return render(request, "support/regime_catalogue.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def provincial_rule_new(request: HttpRequest) -> HttpResponse:
    """An administrator adds a provincial rate (People's Council resolution) without touching code."""
    require_capability(request.user, cap.REFERENCE_DATA_MANAGE)
    form = ProvincialRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rule = form.submit(
            provincial_rule_add,
            actor=acting_user(request),
            regime=data["regime"],
            province=data["province"],
            legal_basis=data["legal_basis"],
            legal_article=data["legal_article"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            amount_kind=data["amount_kind"],
            amount_vnd=data["amount_vnd"],
            max_days=data["max_days"],
            conditions=data["conditions"],
        )
        if rule is not None:
            messages.success(
                request,
                _("The rate of %(province)s for “%(regime)s” was added from %(date)s.")
                % {
                    "province": rule.province.name if rule.province else "",
                    "regime": rule.regime.name,
                    "date": date_format(rule.valid_from, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(f"{reverse('support:catalogue')}#regime-{rule.regime.code}")
    return render(request, "support/provincial_rule_new.html", {"form": form})


# --- Deliveries ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def delivery_new(request: HttpRequest, decision_id: uuid.UUID) -> HttpResponse:
    decision = or_http_error(
        decision_for_action, actor=acting_user(request), decision_id=decision_id, capability=cap.SUPPORT_DELIVER
    )
    form = DeliveryForm(request.POST or None, initial={"version": decision.version, "agency": decision.deciding_agency})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        delivery = form.submit(
            support_delivery_record,
            actor=acting_user(request),
            decision=decision,
            delivered_on=data["delivered_on"],
            agency=data["agency"],
            amount_vnd=data["amount_vnd"] or 0,
            evidence=data["evidence"],
            expected_version=data["version"],
        )
        if delivery is not None:
            messages.success(
                request,
                _("The delivery of %(date)s was recorded.")
                % {"date": date_format(delivery.delivered_on, "SHORT_DATE_FORMAT")},
            )
            return redirect(_case_page(decision.case_id, "support-heading"))
    deliveries = list(decision.deliveries.all())
    delivered = sum(d.amount_vnd for d in deliveries)
    context = {
        "form": form,
        "decision": decision,
        "case": decision.case,
        "deliveries": deliveries,
        "delivered": delivered,
        "remaining": max(decision.amount_vnd - delivered, 0) if decision.amount_vnd else None,
    }
    return render(request, "support/delivery_new.html", context)


# --- Referrals: sending -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = or_http_error(case_for_action, actor=actor, case_id=case_id, capability=cap.REFERRAL_SEND)
    consented = sharing_consented_agency_ids(case)
    form = ReferralForm(request.POST or None, consented=consented)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = form.submit(
            referral_send,
            actor=actor,
            case=case,
            to_agency=data["to_agency"],
            sent_on=data["sent_on"],
            regime=data["regime"],
            message=data["message"],
            override_reason=data["override_reason"],
        )
        if referral is not None:
            agency = referral.to_agency
            if not agency.uses_system:
                messages.success(
                    request,
                    _("The referral was recorded. %(agency)s does not use the system: print this slip and send it.")
                    % {"agency": agency.name},
                )
                return redirect("support:referral_slip", referral.pk)
            messages.success(
                request,
                _("The referral was sent to %(agency)s; an answer is due by %(date)s.")
                % {
                    "agency": agency.name,
                    "date": date_format(referral.due_on, "SHORT_DATE_FORMAT") if referral.due_on else "—",
                },
            )
            return redirect(_case_page(case.pk, "referrals-heading"))
    context = {
        "form": form,
        "case": case,
        "consented_agencies": Agency.objects.filter(pk__in=consented).order_by("name"),
        "may_override": may_act_on_case(actor, cap.REFERRAL_CONSENT_OVERRIDE, case),
    }
    return render(request, "support/referral_new.html", context)


@require_GET
@login_required
def referral_slip_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """The printable slip for an agency that does not use the system: only what the service needs."""
    referral = or_http_error(referral_slip, actor=acting_user(request), referral_id=referral_id)
    return render(request, "support/referral_slip.html", {"referral": referral, "person": referral.case.person})


# --- Referrals: receiving, and outcomes the sender records for offline agencies --------------------


@require_GET
@login_required
def referral_inbox_view(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.REFERRAL_RESPOND)
    paginator = Paginator(referral_inbox(actor=acting_user(request)), REFERRALS_PER_PAGE)
    return render(request, "support/referral_inbox.html", {"page": paginator.get_page(request.GET.get("trang"))})


def _detail_context(request: HttpRequest, view: ReferralView, **bound: Any) -> dict[str, Any]:
    """The referral page, with the forms the actor may use now (a bound form keeps its errors)."""
    referral = view.referral
    initial = {"version": referral.version}
    context: dict[str, Any] = {
        "referral": referral,
        "receiving": view.receiving,
        "person": referral.case.person,
        "overdue": referral.status == ReferralStatus.SENT
        and referral.due_on is not None
        and referral.due_on < timezone.localdate(),
    }
    if view.receiving and referral.status == ReferralStatus.SENT:
        context["accept_form"] = ReferralAcceptForm(initial=initial)
        context["decline_form"] = ReferralDeclineForm(initial=initial)
    if view.receiving and referral.status == ReferralStatus.ACCEPTED:
        context["deliver_form"] = ReferralDeliveryForm(initial=initial)
    if not view.receiving and not referral.to_agency.uses_system:
        context["may_print_slip"] = may_act_on_case(acting_user(request), cap.REFERRAL_SEND, referral.case)
        if context["may_print_slip"] and referral.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
            context["outcome_form"] = OfflineOutcomeForm(initial=initial)
    # A form sent back with errors is shown with them even if the referral moved on meanwhile.
    context.update(bound)
    return context


@require_GET
@login_required
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """What the receiving agency needs to provide the service (the read is audited), and its answers."""
    view = or_http_error(referral_for_reading, actor=acting_user(request), referral_id=referral_id)
    return render(request, "support/referral_detail.html", _detail_context(request, view))


def _referral_answer(
    request: HttpRequest,
    referral_id: uuid.UUID,
    *,
    capability: str,
    form: Any,
    form_key: str,
    run: Callable[[Any, Referral], Referral | None],
    done: Callable[[Referral], str],
) -> HttpResponse:
    """POST of one answer: run the service; on success go back with a message, else show the page with errors."""
    referral = or_http_error(
        referral_for_action, actor=acting_user(request), referral_id=referral_id, capability=capability
    )
    if form.is_valid():
        answered = run(form, referral)
        if answered is not None:
            messages.success(request, done(answered))
            if capability == cap.REFERRAL_RESPOND:
                return redirect("support:referral_inbox")
            return redirect(_case_page(answered.case_id, "referrals-heading"))
    view = or_http_error(referral_for_reading, actor=acting_user(request), referral_id=referral_id)
    return render(request, "support/referral_detail.html", _detail_context(request, view, **{form_key: form}))


@require_POST
@login_required
def referral_accept_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    def run(form: ReferralAcceptForm, referral: Referral) -> Referral | None:
        return form.submit(
            referral_accept,
            actor=acting_user(request),
            referral=referral,
            responded_on=form.cleaned_data["responded_on"],
            expected_version=form.cleaned_data["version"],
        )

    return _referral_answer(
        request,
        referral_id,
        capability=cap.REFERRAL_RESPOND,
        form=ReferralAcceptForm(request.POST),
        form_key="accept_form",
        run=run,
        done=lambda r: _("You accepted the referral of case %(code)s.") % {"code": r.case.code},
    )


@require_POST
@login_required
def referral_decline_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    def run(form: ReferralDeclineForm, referral: Referral) -> Referral | None:
        return form.submit(
            referral_decline,
            actor=acting_user(request),
            referral=referral,
            responded_on=form.cleaned_data["responded_on"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    return _referral_answer(
        request,
        referral_id,
        capability=cap.REFERRAL_RESPOND,
        form=ReferralDeclineForm(request.POST),
        form_key="decline_form",
        run=run,
        done=lambda r: _("You declined the referral of case %(code)s.") % {"code": r.case.code},
    )


@require_POST
@login_required
def referral_deliver_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    def run(form: ReferralDeliveryForm, referral: Referral) -> Referral | None:
        return form.submit(
            referral_record_delivery,
            actor=acting_user(request),
            referral=referral,
            delivered_on=form.cleaned_data["delivered_on"],
            expected_version=form.cleaned_data["version"],
        )

    return _referral_answer(
        request,
        referral_id,
        capability=cap.REFERRAL_RESPOND,
        form=ReferralDeliveryForm(request.POST),
        form_key="deliver_form",
        run=run,
        done=lambda r: _("The delivery for case %(code)s was recorded.") % {"code": r.case.code},
    )


@require_POST
@login_required
def referral_offline_outcome_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """The sender records what an agency that does not use the system reported."""

    def run(form: OfflineOutcomeForm, referral: Referral) -> Referral | None:
        return form.submit(
            referral_record_outcome_for_offline_agency,
            actor=acting_user(request),
            referral=referral,
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    return _referral_answer(
        request,
        referral_id,
        capability=cap.REFERRAL_SEND,
        form=OfflineOutcomeForm(request.POST),
        form_key="outcome_form",
        run=run,
        done=lambda r: (
            _("The answer of %(agency)s was recorded: %(status)s.")
            % {"agency": r.to_agency.name, "status": r.get_status_display()}
        ),
    )
