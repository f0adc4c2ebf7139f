"""Applications for support (đơn đề nghị hỗ trợ): recording, steps in working days, decision, withdrawal."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from core.errors import DomainError
from support.models import ApplicationStatus, Regime, SupportApplication
from support.selectors import StepState, application_progress, applications_pending_overdue, case_applications
from support.services import support_application_record, support_application_withdraw, support_decision_record
from support.tests.helpers import identified_case

D = datetime.date


def _regimes(*codes):
    return [Regime.objects.get(code=code) for code in codes]


def _record(personas, case, filed_on, *codes, actor=None):
    return support_application_record(
        actor=actor or personas.coordinator, case=case, regimes=_regimes(*codes), filed_on=filed_on
    )


def _refusal(call) -> str:
    with pytest.raises(DomainError) as error:
        call()
    return error.value.code


def test_an_application_is_recorded_with_its_receiving_agency_and_audited(personas):
    # Given a victim identified on 02/09/2025
    case = identified_case(personas)
    # When the commune officer records an application for vocational training and the initial allowance
    application = _record(
        personas, case, D(2025, 9, 10), "vocational_training", "initial_hardship", actor=personas.commune_officer
    )
    # Then it is pending, received by the case's responsible agency, and the audit trail has it
    assert application.status == ApplicationStatus.PENDING
    assert application.received_by == personas.social_agency
    assert {r.code for r in application.regimes.all()} == {"vocational_training", "initial_hardship"}
    event = AuditEvent.objects.get(verb="support_application_record", object_id=str(application.pk))
    assert event.action == AuditAction.CREATE
    assert event.changes["regimes"] == ["vocational_training", "initial_hardship"]
    assert event.changes["filed_on"] == "2025-09-10"


@pytest.mark.parametrize(
    ("filed_on", "codes", "error"),
    [
        pytest.param(D(2025, 9, 10), (), "support.application_regimes_required", id="no regime"),
        pytest.param(
            D(2025, 9, 10),
            ("medical",),
            "support.application_not_needed",
            id="Law 53-2024 medical needs no application",
        ),
        pytest.param(D(2025, 8, 1), ("initial_hardship",), "support.application_before_case", id="before the case"),
        pytest.param(None, ("initial_hardship",), "case.date_in_future", id="in the future"),
    ],
)
def test_an_application_is_refused_with_a_reason(personas, filed_on, codes, error):
    case = identified_case(personas)
    day = filed_on or timezone.localdate() + datetime.timedelta(days=1)
    assert _refusal(lambda: _record(personas, case, day, *codes)) == error
    assert not SupportApplication.objects.exists()


def test_a_second_pending_application_for_the_same_regime_is_refused(personas):
    case = identified_case(personas)
    _record(personas, case, D(2025, 9, 10), "initial_hardship")
    assert _refusal(lambda: _record(personas, case, D(2025, 9, 12), "initial_hardship")) == (
        "support.application_already_pending"
    )


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        pytest.param("outsider", "not_found", id="another province cannot see the case"),
        pytest.param("reader", "permission_denied", id="a reader cannot record"),
    ],
)
def test_only_those_who_keep_the_case_file_record_an_application(personas, persona, error):
    case = identified_case(personas)
    code = _refusal(
        lambda: _record(personas, case, D(2025, 9, 10), "initial_hardship", actor=getattr(personas, persona))
    )
    assert code == error


@pytest.mark.parametrize(
    ("filed_on", "today", "expected"),
    [
        pytest.param(
            D(2026, 2, 12),
            D(2026, 2, 20),
            [("department_decision", D(2026, 3, 4), StepState.CURRENT)],
            id="ND162-2025 Department of Health 9 working days across Tet 2026, still running",
        ),
        pytest.param(
            D(2026, 2, 12),
            D(2026, 3, 5),
            [("department_decision", D(2026, 3, 4), StepState.OVERDUE)],
            id="ND162-2025 overdue the day after its due date",
        ),
        pytest.param(
            D(2025, 1, 24),
            D(2025, 2, 10),
            [
                ("commune_forwarding", D(2025, 2, 5), StepState.ELAPSED),
                ("district_appraisal", D(2025, 2, 12), StepState.CURRENT),
                ("district_decision", D(2025, 2, 17), StepState.UPCOMING),
            ],
            id="ND09-2013 Art.23 3+5+3 working days across Tet 2025, second step running",
        ),
        pytest.param(
            D(2025, 1, 24),
            D(2025, 2, 18),
            [
                ("commune_forwarding", D(2025, 2, 5), StepState.ELAPSED),
                ("district_appraisal", D(2025, 2, 12), StepState.ELAPSED),
                ("district_decision", D(2025, 2, 17), StepState.OVERDUE),
            ],
            id="ND09-2013 Art.23 district chair overdue",
        ),
    ],
)
def test_steps_of_an_application_as_of_a_day(filed_on, today, expected):
    progress = application_progress(filed_on, today)
    assert [(p.step.code, p.step.due_on, p.state) for p in progress] == expected


def test_steps_are_computed_for_a_recorded_application(personas, django_assert_num_queries):
    case = identified_case(personas)
    _record(personas, case, D(2026, 2, 12), "vocational_training")
    with django_assert_num_queries(2):  # the applications, their regimes
        (view,) = case_applications(case=case, today=D(2026, 3, 5))
    assert view.current is not None and view.current.step.due_on == D(2026, 3, 4)
    assert view.overdue


def test_home_lists_pending_applications_whose_current_step_is_overdue(personas):
    # Given one application past its due date, one still running and one withdrawn
    late_case, fresh_case = identified_case(personas), identified_case(personas, full_name="Trần Thị Mai")
    late = _record(personas, late_case, D(2026, 2, 12), "initial_hardship")
    _record(personas, fresh_case, D(2026, 2, 26), "initial_hardship")
    withdrawn = _record(personas, late_case, D(2026, 2, 12), "education")
    support_application_withdraw(actor=personas.coordinator, application=withdrawn, expected_version=1)
    # When the home list is read on 05/03/2026
    listed = applications_pending_overdue(actor=personas.coordinator, today=D(2026, 3, 5))
    # Then only the late one shows, with its step and due date; an outsider sees none
    assert [(v.application.pk, v.current.step.due_on) for v in listed if v.current] == [(late.pk, D(2026, 3, 4))]
    assert applications_pending_overdue(actor=personas.outsider, today=D(2026, 3, 5)) == []


def test_the_application_is_decided_once_all_its_regimes_are(personas):
    # Given an application for two regimes
    case = identified_case(personas)
    application = _record(personas, case, D(2025, 9, 10), "vocational_training", "initial_hardship")
    # When the first regime is decided without typing the filing date, the application stays pending
    first = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="vocational_training"),
        decided_on=D(2025, 9, 20),
        amount_vnd=3_000_000,
    )
    assert first.application_filed_on == D(2025, 9, 10)  # taken from the application
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    # When the second is decided, the application is decided, as an audited transition
    support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="initial_hardship"),
        decided_on=D(2025, 9, 22),
        amount_vnd=2_000_000,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    assert application.version == 2
    event = AuditEvent.objects.get(verb="support_application_decided", object_id=str(application.pk))
    assert event.action == AuditAction.TRANSITION
    assert event.changes["status"] == {"from": "pending", "to": "decided"}


def test_a_decision_before_the_filing_date_does_not_decide_the_application(personas):
    case = identified_case(personas)
    support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="initial_hardship"),
        decided_on=D(2025, 9, 20),
        amount_vnd=2_000_000,
        application_filed_on=D(2025, 9, 5),
    )
    application = _record(personas, case, D(2025, 9, 25), "vocational_training", "initial_hardship")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_withdrawal_needs_the_current_version_and_a_pending_application(personas):
    case = identified_case(personas)
    application = _record(personas, case, D(2025, 9, 10), "initial_hardship")
    # A stale version is refused
    stale = lambda: support_application_withdraw(  # noqa: E731
        actor=personas.coordinator, application=application, expected_version=0
    )
    assert _refusal(stale) == "stale_version"
    # The current one withdraws it, audited as a transition
    withdrawn = support_application_withdraw(actor=personas.coordinator, application=application, expected_version=1)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN and withdrawn.version == 2
    assert AuditEvent.objects.filter(
        verb="support_application_withdraw", object_id=str(application.pk), action=AuditAction.TRANSITION
    ).exists()
    # And a withdrawn application cannot be withdrawn again
    again = lambda: support_application_withdraw(  # noqa: E731
        actor=personas.coordinator, application=application, expected_version=2
    )
    assert _refusal(again) == "support.application_not_pending"
    # Nor by a reader
    reader = lambda: support_application_withdraw(  # noqa: E731
        actor=personas.reader, application=application, expected_version=2
    )
    assert _refusal(reader) == "permission_denied"
