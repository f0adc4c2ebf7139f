"""Pages of applications for support: record, steps on the case page, withdrawal, the home list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import STALE_VERSION
from support import errors
from support.models import ApplicationStatus, Regime, SupportApplication
from support.services import support_application_record
from support.tests.helpers import identified_case

D = datetime.date


def _record(personas, case, filed_on, *codes):
    return support_application_record(
        actor=personas.coordinator,
        case=case,
        regimes=[Regime.objects.get(code=code) for code in codes],
        filed_on=filed_on,
    )


def _section(page: str, heading: str) -> str:
    start = page.index(f'id="{heading}"')
    return page[start : page.index("</table>", start)]


def test_the_form_offers_only_regimes_granted_on_an_application(client, personas):
    case = identified_case(personas)
    client.force_login(personas.commune_officer)
    page = client.get(reverse("support:application_new", args=[case.pk])).content.decode()
    offered = {r.pk for r in Regime.objects.filter(code__in=["education", "vocational_training", "initial_hardship"])}
    assert page.count('type="checkbox" name="regimes"') == len(offered)
    assert f'value="{Regime.objects.get(code="medical").pk}"' not in page


def test_recording_an_application_shows_its_step_and_due_date_across_tet_2026(client, personas):
    # Given a victim identified on 02/09/2025
    case = identified_case(personas)
    client.force_login(personas.coordinator)
    hardship = Regime.objects.get(code="initial_hardship")
    # When an application filed on 12/02/2026 (the eve of Tết) is recorded
    response = client.post(
        reverse("support:application_new", args=[case.pk]), {"filed_on": "12/02/2026", "regimes": [hardship.pk]}
    )
    # Then the case page shows it with the Department's decision due on 04/03/2026 (Decree 162/2025), overdue now
    assert response.status_code == 302
    assert response["Location"].endswith("#applications-heading")
    application = SupportApplication.objects.get()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    section = _section(page, "applications-heading")
    assert "12/02/2026" in section and "04/03/2026" in section
    assert hardship.name in section
    assert section.count('class="badge overdue"') == 1
    assert "162/2025/NĐ-CP" in section  # the step's legal basis
    assert reverse("support:application_withdraw", args=[application.pk]) in section


def test_a_pending_application_of_the_old_procedure_shows_three_steps(client, personas):
    case = identified_case(personas, received_on=D(2025, 1, 6), home_unit=personas.legacy_commune)
    _record(personas, case, D(2025, 1, 24), "vocational_training")
    client.force_login(personas.reader)
    section = _section(client.get(reverse("cases:detail", args=[case.pk])).content.decode(), "applications-heading")
    # Decree 09/2013 Art. 23: 3 + 5 + 3 working days across Tết 2025; the last step is overdue, the others elapsed
    for due in ("05/02/2025", "12/02/2025", "17/02/2025"):
        assert due in section
    assert section.count('class="badge overdue"') == 1
    assert "<form" not in section  # a reader cannot withdraw


def test_a_refused_application_shows_the_reason_next_to_the_field(client, personas, shown):
    case = identified_case(personas)
    client.force_login(personas.coordinator)
    hardship = Regime.objects.get(code="initial_hardship")
    url = reverse("support:application_new", args=[case.pk])
    before = client.post(url, {"filed_on": "01/08/2025", "regimes": [hardship.pk]})
    assert before.status_code == 200
    assert shown(errors.APPLICATION_BEFORE_CASE.message, date="02/09/2025") in before.content.decode()
    empty = client.post(url, {"filed_on": "10/09/2025"})
    assert shown("Choose at least one regime the application asks for.") in empty.content.decode()
    assert not SupportApplication.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [pytest.param("outsider", 404, id="outsider"), pytest.param("reader", 403, id="reader")],
)
def test_who_may_not_record_or_withdraw(client, personas, persona, status):
    case = identified_case(personas)
    application = _record(personas, case, D(2025, 9, 10), "initial_hardship")
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("support:application_new", args=[case.pk])).status_code == status
    withdraw = reverse("support:application_withdraw", args=[application.pk])
    assert client.post(withdraw, {"version": 1}).status_code == status
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_wrong_methods_are_refused(client, personas):
    case = identified_case(personas)
    application = _record(personas, case, D(2025, 9, 10), "initial_hardship")
    client.force_login(personas.coordinator)
    assert client.put(reverse("support:application_new", args=[case.pk])).status_code == 405
    assert client.get(reverse("support:application_withdraw", args=[application.pk])).status_code == 405


def test_withdrawing_with_a_stale_version_is_refused_then_works(client, personas, shown):
    case = identified_case(personas)
    application = _record(personas, case, D(2025, 9, 10), "initial_hardship")
    client.force_login(personas.coordinator)
    url = reverse("support:application_withdraw", args=[application.pk])
    stale = client.post(url, {"version": 0}, follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert shown(STALE_VERSION.message) in stale.content.decode()
    done = client.post(url, {"version": 1})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_the_case_page_costs_the_same_with_one_or_three_applications(client, personas):
    one = identified_case(personas)
    three = identified_case(personas, full_name="Trần Thị Mai")
    _record(personas, one, D(2026, 2, 12), "initial_hardship")
    for code, day in (
        ("initial_hardship", D(2026, 2, 12)),
        ("education", D(2026, 3, 2)),
        ("vocational_training", D(2026, 4, 1)),
    ):
        _record(personas, three, day, code)
    client.force_login(personas.coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cases:detail", args=[one.pk])).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("cases:detail", args=[three.pk])).status_code == 200
    assert len(many) == len(few)


def test_home_lists_overdue_applications_for_deciders_in_constant_queries(client, personas):
    # Given one overdue application
    first = identified_case(personas)
    _record(personas, first, D(2026, 2, 12), "initial_hardship")
    client.force_login(personas.coordinator)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("home")).content.decode()
    section = _section(page, "applications-heading")
    assert first.code in section and "04/03/2026" in section and 'class="badge overdue"' in section
    # When three more are overdue, the home page costs the same
    for number in range(3):
        case = identified_case(personas, full_name=f"Người Số {number}")
        _record(personas, case, D(2026, 3, 2), "vocational_training")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("home")).content.decode()
    assert len(many) == len(few)
    assert _section(page, "applications-heading").count('class="badge overdue"') == 4


def test_home_has_no_application_list_without_the_right_to_decide(client, personas):
    case = identified_case(personas)
    _record(personas, case, D(2026, 2, 12), "initial_hardship")
    client.force_login(personas.commune_officer)
    assert 'id="applications-heading"' not in client.get(reverse("home")).content.decode()
