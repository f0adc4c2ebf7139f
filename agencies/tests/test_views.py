import pytest
from django.urls import reverse

from agencies.tests.helpers import enrol, fresh_code
from audit.models import AuditAction, AuditEvent
from core.testing.personas import PASSWORD


def test_login_page_is_in_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_and_logout_are_audited(client, personas):
    # Given a coordinator with an authenticator app
    enrol(personas.coordinator)
    # When they sign in with password and code, then sign out
    response = client.post(reverse("login"), {"username": "dieuphoi", "password": PASSWORD})
    assert response.status_code == 302
    assert client.post(reverse("second_factor_code"), {"code": fresh_code(personas.coordinator)}).status_code == 302
    client.post(reverse("logout"))
    # Then the password step, the completed sign-in and the sign-out are in the trail
    events = AuditEvent.objects.filter(actor=personas.coordinator, action__in=[AuditAction.LOGIN, AuditAction.LOGOUT])
    assert sorted(events.values_list("action", "verb")) == [
        (AuditAction.LOGIN, "login"),
        (AuditAction.LOGIN, "password_verified"),
        (AuditAction.LOGOUT, "logout"),
    ]


def test_failed_login_is_audited_and_explained(client, personas):
    response = client.post(reverse("login"), {"username": "dieuphoi", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 1


def test_coordinator_home_lists_cases_with_names_and_no_store(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert case.code in body and "Nguyễn Thị Hòa" in body
    assert "02/09/2025" in body  # dates as dd/mm/yyyy
    assert response["Cache-Control"] == "no-store"


def test_ministry_home_shows_aggregates_only(client, personas):
    personas.case_in_hai_phong()
    client.force_login(personas.ministry)
    body = client.get(reverse("home")).content.decode()
    assert "Nguyễn Thị Hòa" not in body
    assert "số liệu tổng hợp" in body


def test_police_home_shows_the_verification_inbox(client, personas):
    import datetime

    from cases.services import verification_request_send

    case = personas.case_in_hai_phong()
    verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=datetime.date(2025, 9, 3)
    )
    client.force_login(personas.police_officer)
    body = client.get(reverse("home")).content.decode()
    assert "Yêu cầu xác minh" in body and case.code in body
    assert reverse("cases:detail", args=[case.pk]) not in body  # no way into the case file


def test_home_refuses_other_methods(client, personas):
    client.force_login(personas.coordinator)
    assert client.post(reverse("home")).status_code == 405


def test_english_is_the_second_language(client, personas):
    client.force_login(personas.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Sign out" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "ministry", "police_officer", "admin"])
def test_every_role_gets_a_home_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("home")).status_code == 200


def test_home_page_queries_do_not_grow_with_the_number_of_cases(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.coordinator)
    personas.case_in_hai_phong()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(4):
        personas.case_in_hai_phong(full_name=f"Người Thứ {n}")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("home"))
    # 12, plus chaining the audit event (audit/services.py; one more for PostgreSQL's advisory lock),
    # the overdue loans and the overdue inspection recommendations
    assert len(more) == len(few) <= 16


def test_vietnamese_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_home_runs_a_constant_number_of_queries(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for number in range(6):
        personas.case_in_hai_phong(full_name=f"Người Số {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)
