"""Follow-up pages: visits, reintegration assessments, closing and reopening a case."""

import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import errors
from cases.models import (
    ASSESSMENT_DIMENSIONS,
    AssessmentLevel,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    FollowUpVisit,
    ReintegrationAssessment,
)
from cases.services import (
    case_close,
    follow_up_visit_record,
    reintegration_assessment_record,
    verification_request_send,
)
from core.errors import STALE_VERSION


def _text(message: object) -> str:
    """A message as the page shows it (the test runs in the interface language, Vietnamese)."""
    return escape(str(message))


def _section(content: str, heading_id: str) -> str:
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def case(personas):
    return personas.case_in_hai_phong()


@pytest.fixture
def closed(personas, case):
    return case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 10, 1),
        reason=ClosureReason.REINTEGRATED,
        expected_version=case.version,
    )


def _refusals(client, personas, url: str, data: dict[str, object]) -> None:
    """Outsiders and the police do not see the case (404); the read-only colleague may not act (403)."""
    for persona in (personas.outsider, personas.police_officer, personas.ministry):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    client.force_login(personas.reader)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(personas.coordinator)
    assert client.put(url).status_code == 405


# --- Visits ---------------------------------------------------------------------------


def test_coordinator_records_a_visit(client, personas, case):
    # Given a coordinator on an open case
    client.force_login(personas.coordinator)
    assert client.get(reverse("cases:visit_record", args=[case.pk])).status_code == 200
    # When they record a visit with the next one due
    response = client.post(
        reverse("cases:visit_record", args=[case.pk]),
        {"visited_on": "10/10/2025", "notes": "Đã có việc làm tại xưởng may.", "next_visit_on": "10/01/2026"},
    )
    # Then the visit is kept with the acting agency and officer, audited, and they are back on the case
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    visit = FollowUpVisit.objects.get(case=case)
    assert visit.agency == personas.social_agency and visit.officer == personas.coordinator
    assert visit.notes == "Đã có việc làm tại xưởng may."
    assert visit.next_visit_on == datetime.date(2026, 1, 10)
    event = AuditEvent.objects.get(verb="follow_up_visit_record")
    assert event.object_id == str(visit.pk) and event.changes["notes"] == {"set": True}


def test_commune_officer_records_a_visit_for_their_commune(client, personas, case):
    client.force_login(personas.commune_officer)
    client.post(reverse("cases:visit_record", args=[case.pk]), {"visited_on": "10/10/2025"})
    assert FollowUpVisit.objects.get(case=case).agency == personas.commune_committee


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"visited_on": ""}, "visited_on"),
        ({"visited_on": "32/10/2025"}, "visited_on"),
        ({"visited_on": "01/01/2020"}, "visited_on"),  # before the case was opened
        ({"visited_on": "10/10/2025", "next_visit_on": "09/10/2025"}, "next_visit_on"),
    ],
)
def test_bad_visits_show_a_message_next_to_the_field(client, personas, case, data, field):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:visit_record", args=[case.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not FollowUpVisit.objects.exists()
    assert not AuditEvent.objects.filter(verb="follow_up_visit_record").exists()


def test_a_visit_in_the_future_is_refused(client, personas, case):
    client.force_login(personas.coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(reverse("cases:visit_record", args=[case.pk]), {"visited_on": tomorrow})
    assert response.context["form"].errors["visited_on"]
    assert not FollowUpVisit.objects.exists()


def test_visit_page_refuses_who_may_not_record(client, personas, case):
    _refusals(client, personas, reverse("cases:visit_record", args=[case.pk]), {"visited_on": "10/10/2025"})
    assert not FollowUpVisit.objects.exists()


def test_no_visit_on_a_closed_case(client, personas, closed):
    client.force_login(personas.coordinator)
    opened = client.get(reverse("cases:visit_record", args=[closed.pk]), follow=True)
    assert opened.redirect_chain[-1][0] == reverse("cases:detail", args=[closed.pk])
    assert _text(errors.CASE_CLOSED.message) in opened.content.decode()
    posted = client.post(reverse("cases:visit_record", args=[closed.pk]), {"visited_on": "10/10/2025"})
    assert _text(errors.CASE_CLOSED.message) in posted.content.decode()
    assert not FollowUpVisit.objects.exists()


# --- Assessments ----------------------------------------------------------------------


def _levels(**overrides: str) -> dict[str, str]:
    levels = dict.fromkeys(ASSESSMENT_DIMENSIONS, AssessmentLevel.STABLE.value)
    levels.update(overrides)
    return levels


def test_assessment_form_asks_every_dimension_as_a_labelled_radio_group(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:assessment_record", args=[case.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<fieldset") == len(ASSESSMENT_DIMENSIONS) + 1
    assert content.count("<legend") == len(ASSESSMENT_DIMENSIONS) + 1
    for name in ASSESSMENT_DIMENSIONS:
        for index in range(len(AssessmentLevel.choices)):
            assert f'<label for="id_{name}_{index}">' in content
        assert f'name="{name}"' in content


def test_coordinator_records_an_assessment(client, personas, case):
    # Given a coordinator
    client.force_login(personas.coordinator)
    # When they record a level for every dimension
    response = client.post(
        reverse("cases:assessment_record", args=[case.pk]),
        {
            "assessed_on": "15/10/2025",
            "notes": "Cần hỗ trợ học nghề.",
            **_levels(income="at_risk", housing="needs_support"),
        },
    )
    # Then the assessment is kept and audited
    assert response.status_code == 302
    assessment = ReintegrationAssessment.objects.get(case=case)
    assert assessment.income == AssessmentLevel.AT_RISK and assessment.housing == AssessmentLevel.NEEDS_SUPPORT
    assert assessment.notes == "Cần hỗ trợ học nghề."
    assert AuditEvent.objects.filter(verb="reintegration_assessment_record", object_id=str(assessment.pk)).exists()


def test_an_incomplete_assessment_shows_a_message_at_the_missing_dimension(client, personas, case):
    client.force_login(personas.coordinator)
    levels = _levels(family="sometimes")
    del levels["safety"]
    response = client.post(reverse("cases:assessment_record", args=[case.pk]), {"assessed_on": "15/10/2025", **levels})
    assert response.status_code == 200
    errors_shown = response.context["form"].errors
    assert set(errors_shown) == {"safety", "family"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ReintegrationAssessment.objects.exists()


def test_an_assessment_before_the_case_opened_is_refused(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:assessment_record", args=[case.pk]), {"assessed_on": "15/10/2020", **_levels()}
    )
    assert response.context["form"].errors["assessed_on"]
    assert not ReintegrationAssessment.objects.exists()


def test_assessment_page_refuses_who_may_not_record(client, personas, case):
    _refusals(
        client, personas, reverse("cases:assessment_record", args=[case.pk]), {"assessed_on": "15/10/2025", **_levels()}
    )
    assert not ReintegrationAssessment.objects.exists()


# --- Close and reopen -----------------------------------------------------------------


def test_coordinator_closes_a_case(client, personas, case):
    # Given the close form, opened at the case's version
    client.force_login(personas.coordinator)
    form = client.get(reverse("cases:case_close", args=[case.pk])).context["form"]
    assert form.initial["version"] == case.version
    # When they close it with a reason
    response = client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": "01/10/2025", "reason": ClosureReason.REINTEGRATED, "version": case.version},
    )
    # Then the case is closed, the change kept and audited
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == datetime.date(2025, 10, 1)
    assert CaseStatusChange.objects.get(case=case).closure_reason == ClosureReason.REINTEGRATED
    assert AuditEvent.objects.filter(verb="case_close").exists()
    assert AuditEvent.objects.filter(verb="case_closed").exists()


def test_closing_for_another_reason_needs_an_explanation(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": "01/10/2025", "reason": ClosureReason.OTHER, "explanation": "  ", "version": case.version},
    )
    assert response.context["form"].errors["explanation"] == [str(errors.EXPLANATION_REQUIRED.message)]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not CaseStatusChange.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"closed_on": "01/10/2025"}, "reason"),
        ({"closed_on": "01/10/2025", "reason": "bored"}, "reason"),
        ({"closed_on": "01/10/2020", "reason": "reintegrated"}, "closed_on"),
        ({"closed_on": "", "reason": "reintegrated"}, "closed_on"),
    ],
)
def test_bad_closures_show_a_message_next_to_the_field(client, personas, case, data, field):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:case_close", args=[case.pk]), {**data, "version": case.version})
    assert response.context["form"].errors[field]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_two_officers_closing_at_once_the_second_gets_the_stale_message(client, personas, case):
    # Given an officer who opened the close form at version v
    client.force_login(personas.coordinator)
    seen = client.get(reverse("cases:case_close", args=[case.pk])).context["form"].initial["version"]
    # When another change bumps the case's version before they submit
    verification_request_send(
        actor=personas.commune_officer,
        case=case,
        police_agency=personas.police_agency,
        sent_on=datetime.date(2025, 9, 3),
    )
    response = client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": "01/10/2025", "reason": ClosureReason.REINTEGRATED, "explanation": "Ổn định.", "version": seen},
    )
    # Then the message is shown, what they typed is still there, and the case is unchanged
    content = response.content.decode()
    assert response.status_code == 200
    assert _text(STALE_VERSION.message) in content
    assert "Ổn định." in content
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not CaseStatusChange.objects.exists()


def test_close_page_refuses_who_may_not_edit(client, personas, case):
    _refusals(
        client,
        personas,
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": "01/10/2025", "reason": "reintegrated", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closing_a_closed_case_goes_back_to_the_case(client, personas, closed):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:case_close", args=[closed.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[closed.pk])


def test_coordinator_reopens_a_closed_case(client, personas, closed):
    # Given a closed case
    client.force_login(personas.coordinator)
    # When the coordinator reopens it with a reason
    response = client.post(
        reverse("cases:case_reopen", args=[closed.pk]),
        {"reopened_on": "01/11/2025", "explanation": "Bị đe dọa trở lại.", "version": closed.version},
    )
    # Then it is open again and the reopening is kept with its reason and audited
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.status == CaseStatus.OPEN and closed.closed_on is None
    change = CaseStatusChange.objects.get(case=closed, kind="reopened")
    assert change.explanation == "Bị đe dọa trở lại."
    assert AuditEvent.objects.filter(verb="case_reopen").exists()
    assert AuditEvent.objects.filter(verb="case_reopened").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reopened_on": "01/11/2025", "explanation": " "}, "explanation"),
        ({"reopened_on": "01/09/2025", "explanation": "Lý do"}, "reopened_on"),  # before the closure
        ({"reopened_on": "xx", "explanation": "Lý do"}, "reopened_on"),
    ],
)
def test_bad_reopenings_show_a_message_next_to_the_field(client, personas, closed, data, field):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:case_reopen", args=[closed.pk]), {**data, "version": closed.version})
    assert response.context["form"].errors[field]
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


def test_a_stale_reopening_shows_the_message_and_changes_nothing(client, personas, closed):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:case_reopen", args=[closed.pk]),
        {"reopened_on": "01/11/2025", "explanation": "Lý do", "version": closed.version - 1},
    )
    assert _text(STALE_VERSION.message) in response.content.decode()
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


def test_reopen_page_refuses_who_may_not_edit(client, personas, closed):
    _refusals(
        client,
        personas,
        reverse("cases:case_reopen", args=[closed.pk]),
        {"reopened_on": "01/11/2025", "explanation": "Lý do", "version": closed.version},
    )
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED


def test_reopening_an_open_case_goes_back_to_the_case(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:case_reopen", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert _text(errors.CASE_ALREADY_OPEN.message) in response.content.decode()


# --- The case page section ------------------------------------------------------------


def _record_follow_up(personas, case, *, next_visit_on: datetime.date) -> None:
    follow_up_visit_record(
        actor=personas.coordinator,
        case=case,
        visited_on=datetime.date(2025, 10, 10),
        notes="Gia đình đã đón nhận.",
        next_visit_on=next_visit_on,
    )
    reintegration_assessment_record(
        actor=personas.coordinator,
        case=case,
        assessed_on=datetime.date(2025, 10, 15),
        levels=_levels(income="at_risk", housing="needs_support", children_schooling="not_applicable"),
    )


def test_case_page_shows_visits_assessments_and_actions(client, personas, case):
    # Given a visit whose next visit is due and an assessment
    _record_follow_up(personas, case, next_visit_on=datetime.date(2025, 11, 10))
    client.force_login(personas.coordinator)
    # When the coordinator opens the case
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    content = _section(page, "follow-up-heading")
    # Then the visit shows with officer, notes and the "due" badge; levels carry their badge classes
    assert "10/10/2025" in content and "10/11/2025" in content
    assert personas.coordinator.display_name in content
    assert "Gia đình đã đón nhận." in content
    assert 'class="badge overdue"' in content
    assert 'class="badge at_risk"' in content
    assert 'class="badge needs_support"' in content
    assert content.count('class="badge stable"') == len(ASSESSMENT_DIMENSIONS) - 3
    for name in ("visit_record", "assessment_record", "case_close"):
        assert reverse(f"cases:{name}", args=[case.pk]) in content
    assert reverse("cases:case_reopen", args=[case.pk]) not in content


def test_a_next_visit_still_ahead_has_no_badge(client, personas, case):
    _record_follow_up(personas, case, next_visit_on=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(personas.coordinator)
    content = _section(client.get(reverse("cases:detail", args=[case.pk])).content.decode(), "follow-up-heading")
    assert 'class="badge overdue"' not in content


def test_case_page_shows_the_closure_history_and_offers_reopening(client, personas, case):
    _record_follow_up(personas, case, next_visit_on=datetime.date(2025, 11, 10))
    case.refresh_from_db()
    case_close(
        actor=personas.coordinator,
        case=case,
        closed_on=datetime.date(2025, 12, 1),
        reason=ClosureReason.OTHER,
        explanation="Chuyển đi nước ngoài làm việc.",
        expected_version=case.version,
    )
    client.force_login(personas.coordinator)
    content = _section(client.get(reverse("cases:detail", args=[case.pk])).content.decode(), "follow-up-heading")
    assert "01/12/2025" in content and "Chuyển đi nước ngoài làm việc." in content
    assert _text(ClosureReason.OTHER.label) in content
    assert 'class="badge overdue"' not in content  # a closed case has no visit due
    assert reverse("cases:case_reopen", args=[case.pk]) in content
    for name in ("visit_record", "assessment_record", "case_close"):
        assert reverse(f"cases:{name}", args=[case.pk]) not in content


def test_the_reader_sees_follow_up_without_actions(client, personas, case):
    _record_follow_up(personas, case, next_visit_on=datetime.date(2025, 11, 10))
    client.force_login(personas.reader)
    content = _section(client.get(reverse("cases:detail", args=[case.pk])).content.decode(), "follow-up-heading")
    assert "Gia đình đã đón nhận." in content
    assert 'class="actions"' not in content


def test_follow_up_section_adds_no_query_per_row(
    client, personas, case, django_assert_num_queries, django_assert_max_num_queries
):
    # Given a case with one visit and one assessment, then with three of each
    _record_follow_up(personas, case, next_visit_on=datetime.date(2025, 11, 10))
    client.force_login(personas.coordinator)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(100) as once:
        client.get(url)
    for _ in range(2):
        _record_follow_up(personas, case, next_visit_on=datetime.date(2025, 11, 10))
    # Then the case page runs the same number of queries
    with django_assert_num_queries(len(once.captured_queries)):
        client.get(url)
