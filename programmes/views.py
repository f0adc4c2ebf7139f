"""Peer groups, loans and awareness sessions. Views parse the form, call a service or selector and redirect."""

import datetime
import secrets
import uuid
from typing import Any

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
from agencies.policies import capabilities_of
from core.errors import PERMISSION_DENIED, DomainError
from core.http import acting_user, http_error_for, or_http_error, require_capability
from core.money import format_vnd
from geo.models import AdminUnit
from programmes.forms import (
    FilterForm,
    FundingForm,
    GroupCloseForm,
    GroupForm,
    LoanForm,
    MeetingForm,
    OtherMemberForm,
    RepaymentForm,
    SessionForm,
    SessionImportForm,
    VictimMemberForm,
    WriteOffForm,
    session_units_for,
)
from programmes.policies import may_record_groups
from programmes.selectors import (
    group_for_action,
    group_list,
    group_page,
    loan_for_action,
    loan_list,
    loan_page,
    loan_rows_read,
    may_manage_sessions,
    session_list,
    session_totals,
)
from programmes.services import (
    SessionRow,
    awareness_session_import,
    awareness_session_record,
    loan_record_for_beneficiary,
    loan_record_for_case,
    loan_repayment_record,
    loan_write_off,
    peer_group_close,
    peer_group_create,
    peer_group_funding_record,
    peer_group_meeting_record,
    peer_group_member_add_other,
    peer_group_member_add_victim,
)
from programmes.sheets import session_sheet_check

PER_PAGE = 25
_IMPORT_SESSION_KEY = "programme_session_import"


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _list_context(request: HttpRequest, records: Any, filter_form: FilterForm) -> dict[str, Any]:
    query = request.GET.copy()
    query.pop("trang", None)
    return {
        "filter_form": filter_form,
        "page": Paginator(records, PER_PAGE).get_page(request.GET.get("trang")),
        "query": query.urlencode(),
    }


def _require_any(request: HttpRequest, *capabilities: str) -> None:
    if not capabilities_of(acting_user(request)) & set(capabilities):
        raise PermissionDenied(PERMISSION_DENIED.message)


# --- Peer groups -------------------------------------------------------------------------------


@require_GET
@login_required
def group_list_view(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.PROGRAMME_VIEW)
    filter_form = FilterForm(request.GET or None, actor=acting_user(request))
    groups = group_list(actor=acting_user(request), filters=filter_form.filters())
    context = _list_context(request, groups, filter_form)
    context["may_add"] = may_record_groups(acting_user(request))
    return render(request, "programmes/group_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    if not may_record_groups(acting_user(request)):
        raise PermissionDenied(PERMISSION_DENIED.message)
    form = GroupForm(request.POST or None, actor=acting_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = form.submit(
            peer_group_create,
            actor=acting_user(request),
            name=data["name"],
            unit=data["unit"],
            founded_on=data["founded_on"],
            organisers=list(data["organisers"]),
        )
        if group is not None:
            messages.success(request, _("The peer group “%(name)s” was created.") % {"name": group.name})
            return redirect("programmes:group_detail", group.pk)
    return render(request, "programmes/group_new.html", {"form": form})


@require_GET
@login_required
def group_detail(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """The group with its members (read audited), meetings and funding."""
    page = or_http_error(group_page, actor=acting_user(request), group_id=group_id)
    context: dict[str, Any] = {"page": page, "group": page.group}
    if page.may_manage and page.group.status == "active":
        context["close_form"] = GroupCloseForm(
            initial={"version": page.group.version, "closed_on": timezone.localdate()}
        )
    return render(request, "programmes/group_detail.html", context)


def _group_form_page(
    request: HttpRequest,
    group_id: uuid.UUID,
    *,
    form_class: type,
    template: str,
    run: Any,
    done: Any,
    anchor: str,
    **form_kwargs: Any,
) -> HttpResponse:
    group = or_http_error(group_for_action, actor=acting_user(request), group_id=group_id)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        result = run(form, group)
        if result is not None:
            messages.success(request, done(result))
            return redirect(f"{reverse('programmes:group_detail', args=[group.pk])}#{anchor}")
    return render(request, template, {"form": form, "group": group})


@require_http_methods(["GET", "POST"])
@login_required
def funding_new(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    def run(form: FundingForm, group: Any) -> Any:
        data = form.cleaned_data
        return form.submit(
            peer_group_funding_record,
            actor=acting_user(request),
            group=group,
            amount_vnd=data["amount_vnd"],
            source=data["source"],
            received_on=data["received_on"],
        )

    return _group_form_page(
        request,
        group_id,
        form_class=FundingForm,
        template="programmes/funding_new.html",
        run=run,
        done=lambda f: _("Funding of %(amount)s was recorded.") % {"amount": format_vnd(f.amount_vnd)},
        anchor="funding-heading",
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_by_case_new(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    def run(form: VictimMemberForm, group: Any) -> Any:
        data = form.cleaned_data
        return form.submit(
            peer_group_member_add_victim,
            actor=acting_user(request),
            group=group,
            case_code=data["case_code"],
            joined_on=data["joined_on"],
        )

    return _group_form_page(
        request,
        group_id,
        form_class=VictimMemberForm,
        template="programmes/member_by_case_new.html",
        run=run,
        done=lambda m: _("The member was added."),
        anchor="members-heading",
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_new(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    def run(form: OtherMemberForm, group: Any) -> Any:
        return form.submit(
            peer_group_member_add_other,
            actor=acting_user(request),
            group=group,
            joined_on=form.cleaned_data["joined_on"],
            **form.beneficiary(),
        )

    return _group_form_page(
        request,
        group_id,
        form_class=OtherMemberForm,
        template="programmes/member_new.html",
        run=run,
        done=lambda m: _("The member was added."),
        anchor="members-heading",
        actor=acting_user(request),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    def run(form: MeetingForm, group: Any) -> Any:
        data = form.cleaned_data
        return form.submit(
            peer_group_meeting_record,
            actor=acting_user(request),
            group=group,
            held_on=data["held_on"],
            topic=data["topic"],
            attendance=data["attendance"],
        )

    return _group_form_page(
        request,
        group_id,
        form_class=MeetingForm,
        template="programmes/meeting_new.html",
        run=run,
        done=lambda m: _("The meeting of %(date)s was recorded.") % {"date": _day(m.held_on)},
        anchor="meetings-heading",
    )


@require_POST
@login_required
def group_close(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    group = or_http_error(group_for_action, actor=acting_user(request), group_id=group_id)
    form = GroupCloseForm(request.POST)
    closed = None
    if form.is_valid():
        closed = form.submit(
            peer_group_close,
            actor=acting_user(request),
            group=group,
            closed_on=form.cleaned_data["closed_on"],
            expected_version=form.cleaned_data["version"],
        )
    if closed is not None:
        messages.success(
            request, _("The group was closed on %(date)s.") % {"date": _day(form.cleaned_data["closed_on"])}
        )
        return redirect("programmes:group_detail", group.pk)
    page = or_http_error(group_page, actor=acting_user(request), group_id=group_id)
    return render(request, "programmes/group_detail.html", {"page": page, "group": page.group, "close_form": form})


# --- Loans -------------------------------------------------------------------------------------


def _loan_list_page(request: HttpRequest, *, overdue_only: bool) -> HttpResponse:
    require_capability(request.user, cap.PROGRAMME_VIEW)
    filter_form = FilterForm(request.GET or None, actor=acting_user(request))
    loans = loan_list(actor=acting_user(request), filters=filter_form.filters(), overdue_only=overdue_only)
    context = _list_context(request, loans, filter_form)
    context["rows"] = loan_rows_read(
        actor=acting_user(request),
        loans=list(context["page"].object_list),
        verb="loan_overdue_view" if overdue_only else "loan_list_view",
    )
    context["overdue_only"] = overdue_only
    context["may_add"] = cap.LOAN_MANAGE in capabilities_of(acting_user(request))
    return render(request, "programmes/loan_list.html", context)


@require_GET
@login_required
def loan_list_view(request: HttpRequest) -> HttpResponse:
    return _loan_list_page(request, overdue_only=False)


@require_GET
@login_required
def loan_overdue_view(request: HttpRequest) -> HttpResponse:
    """Loans with a repayment past its due date, oldest disbursement last."""
    return _loan_list_page(request, overdue_only=True)


@require_http_methods(["GET", "POST"])
@login_required
def loan_new(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.LOAN_MANAGE)
    form = LoanForm(request.POST or None, actor=acting_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["borrower"] == LoanForm.BORROWER_CASE:
            loan = form.submit(
                loan_record_for_case, actor=acting_user(request), case_code=data["case_code"], **form.terms()
            )
        else:
            loan = form.submit(
                loan_record_for_beneficiary, actor=acting_user(request), **form.beneficiary(), **form.terms()
            )
        if loan is not None:
            messages.success(
                request,
                _("The loan of %(amount)s disbursed on %(date)s was recorded.")
                % {"amount": format_vnd(loan.amount_vnd), "date": _day(loan.disbursed_on)},
            )
            return redirect("programmes:loan_detail", loan.pk)
    return render(request, "programmes/loan_new.html", {"form": form})


def _loan_context(request: HttpRequest, loan_id: uuid.UUID, **bound: Any) -> dict[str, Any]:
    page = or_http_error(loan_page, actor=acting_user(request), loan_id=loan_id)
    context: dict[str, Any] = {"page": page, "loan": page.loan, "today": timezone.localdate()}
    if page.may_manage and page.loan.status == "current":
        initial = {"version": page.loan.version}
        context["repayment_form"] = RepaymentForm(initial=initial)
        context["write_off_form"] = WriteOffForm(initial={**initial, "written_off_on": timezone.localdate()})
    context.update(bound)
    return context


@require_GET
@login_required
def loan_detail(request: HttpRequest, loan_id: uuid.UUID) -> HttpResponse:
    """The loan with its schedule and repayments; the read of the borrower is audited."""
    return render(request, "programmes/loan_detail.html", _loan_context(request, loan_id))


@require_POST
@login_required
def repayment_new(request: HttpRequest, loan_id: uuid.UUID) -> HttpResponse:
    loan = or_http_error(loan_for_action, actor=acting_user(request), loan_id=loan_id)
    form = RepaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        repayment = form.submit(
            loan_repayment_record,
            actor=acting_user(request),
            loan=loan,
            paid_on=data["paid_on"],
            amount_vnd=data["amount_vnd"],
            expected_version=data["version"],
        )
        if repayment is not None:
            messages.success(
                request,
                _("The repayment of %(amount)s on %(date)s was recorded.")
                % {"amount": format_vnd(repayment.amount_vnd), "date": _day(repayment.paid_on)},
            )
            return redirect("programmes:loan_detail", loan.pk)
    return render(request, "programmes/loan_detail.html", _loan_context(request, loan_id, repayment_form=form))


@require_POST
@login_required
def loan_write_off_view(request: HttpRequest, loan_id: uuid.UUID) -> HttpResponse:
    loan = or_http_error(loan_for_action, actor=acting_user(request), loan_id=loan_id)
    form = WriteOffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        written_off = form.submit(
            loan_write_off,
            actor=acting_user(request),
            loan=loan,
            written_off_on=data["written_off_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        if written_off is not None:
            messages.success(request, _("The loan was written off."))
            return redirect("programmes:loan_detail", loan.pk)
    return render(request, "programmes/loan_detail.html", _loan_context(request, loan_id, write_off_form=form))


# --- Awareness sessions ------------------------------------------------------------------------


@require_GET
@login_required
def session_list_view(request: HttpRequest) -> HttpResponse:
    _require_any(request, cap.PROGRAMME_VIEW, cap.PROGRAMME_MANAGE)
    filter_form = FilterForm(request.GET or None, actor=acting_user(request))
    sessions = session_list(actor=acting_user(request), filters=filter_form.filters())
    context = _list_context(request, sessions, filter_form)
    context["totals"] = session_totals(sessions)
    context["may_add"] = may_manage_sessions(acting_user(request))
    return render(request, "programmes/session_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.PROGRAMME_MANAGE)
    form = SessionForm(request.POST or None, actor=acting_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = SessionRow(
            held_on=data["held_on"],
            unit=data["unit"],
            audience_type=data["audience_type"],
            attendees=data["attendees"],
            topics=data["topics"],
            place=data["place"],
            leaflets=data["leaflets"] or 0,
            posters=data["posters"] or 0,
            other_materials=data["other_materials"] or 0,
        )
        session = form.submit(awareness_session_record, actor=acting_user(request), agency=data["agency"], row=row)
        if session is not None:
            messages.success(
                request,
                _("The session of %(date)s for %(count)s people was recorded.")
                % {"date": _day(session.held_on), "count": session.attendees},
            )
            return redirect("programmes:session_list")
    return render(request, "programmes/session_new.html", {"form": form})


def _row_to_session(row: SessionRow) -> dict[str, Any]:
    return {
        "held_on": row.held_on.isoformat(),
        "unit": row.unit.pk,
        "audience_type": row.audience_type,
        "attendees": row.attendees,
        "topics": row.topics,
        "place": row.place,
        "leaflets": row.leaflets,
        "posters": row.posters,
        "other_materials": row.other_materials,
    }


def _rows_from_session(stored: list[dict[str, Any]]) -> list[SessionRow]:
    units = AdminUnit.objects.in_bulk([item["unit"] for item in stored])
    return [
        SessionRow(**{**item, "held_on": datetime.date.fromisoformat(item["held_on"]), "unit": units[item["unit"]]})
        for item in stored
        if item["unit"] in units
    ]


@require_http_methods(["GET", "POST"])
@login_required
def session_import(request: HttpRequest) -> HttpResponse:
    """Dry run: every row of the spreadsheet with its problems. Nothing is saved until confirmed."""
    require_capability(request.user, cap.PROGRAMME_MANAGE)
    form = SessionImportForm(request.POST or None, request.FILES or None, actor=acting_user(request))
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        check = session_sheet_check(upload, upload.name, units=session_units_for(acting_user(request)))
        context["check"] = check
        if check.ok:
            token = secrets.token_urlsafe(9)
            request.session[_IMPORT_SESSION_KEY] = {
                "token": token,
                "agency": form.cleaned_data["agency"].pk,
                "rows": [_row_to_session(row.row) for row in check.rows if row.row is not None],
            }
            context["token"] = token
            context["agency"] = form.cleaned_data["agency"]
    return render(request, "programmes/session_import.html", context)


@require_POST
@login_required
def session_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the rows of the last dry run, all in one transaction, or none."""
    require_capability(request.user, cap.PROGRAMME_MANAGE)
    stored = request.session.get(_IMPORT_SESSION_KEY)
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("This check is no longer current: choose the spreadsheet and check it again."))
        return redirect("programmes:session_import")
    form = SessionImportForm({"agency": stored["agency"]}, {}, actor=acting_user(request))
    form.fields["sheet"].required = False
    if not form.is_valid():
        raise PermissionDenied(PERMISSION_DENIED.message)
    try:
        sessions = awareness_session_import(
            actor=acting_user(request), agency=form.cleaned_data["agency"], rows=_rows_from_session(stored["rows"])
        )
    except DomainError as error:
        http_error = http_error_for(error)
        if http_error is not None:
            raise http_error from None
        messages.error(request, error.message)
        return redirect("programmes:session_import")
    del request.session[_IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s sessions were imported.") % {"count": len(sessions)})
    return redirect("programmes:session_list")
