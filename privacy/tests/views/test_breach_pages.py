"""Breach report pages: the 72-hour deadline shown, privacy managers only, bad input refused."""

import datetime
import uuid
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import AuditAction, AuditEvent
from privacy import errors
from privacy.models import BreachReport, BreachStatus
from privacy.services import breach_report_create
from privacy.tests.helpers import inspector

DESCRIPTION = "Danh sách có tên chị Lê Thị Mai Hương bị gửi nhầm địa chỉ thư điện tử"


def _text(message: object) -> str:
    return escape(str(message))


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _report(personas, hours_ago: float, **fields) -> BreachReport:
    discovered = (timezone.now() - datetime.timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
    return breach_report_create(
        actor=personas.admin,
        discovered_at=discovered,
        description=DESCRIPTION,
        data_categories=["identity", "contact"],
        people_affected=40,
        **fields,
    )


def test_the_list_shows_each_deadline_and_highlights_the_urgent_and_overdue(client, personas):
    # Given a report discovered 10 hours ago, one 60 hours ago and one 100 hours ago
    fresh, urgent, overdue = (_report(personas, hours) for hours in (10, 60, 100))
    # When a privacy manager opens the list
    client.force_login(personas.admin)
    response = client.get(reverse("privacy:breach_list"))
    # Then each shows its deadline, 72 hours after discovery, as dd/mm/yyyy hh:mm
    assert response.status_code == 200
    content = response.content.decode()
    for report in (fresh, urgent, overdue):
        assert _local(report.discovered_at + datetime.timedelta(hours=72)) in content
    rows = {row.report.pk: row for row in response.context["rows"]}
    # with the time left, highlighted under 24 hours, and "overdue" past it
    assert (rows[fresh.pk].hours_left, rows[fresh.pk].urgent) == (61, False)
    assert (rows[urgent.pk].hours_left, rows[urgent.pk].urgent, rows[urgent.pk].overdue) == (11, True, False)
    assert rows[overdue.pk].overdue
    assert content.count('class="badge overdue"') == 2
    assert _text(gettext("overdue")) in content
    # and no description (it is read on the report's own page)
    assert "Mai Hương" not in content


def test_a_manager_records_a_breach_and_is_shown_its_deadline(client, personas):
    # Given an inspector on the form
    client.force_login(inspector(personas))
    assert client.get(reverse("privacy:breach_new")).status_code == 200
    discovered = timezone.localtime() - datetime.timedelta(hours=3)
    # When they record a suspected breach
    response = client.post(
        reverse("privacy:breach_new"),
        {
            "discovered_at": discovered.strftime("%d/%m/%Y %H:%M"),
            "description": DESCRIPTION,
            "data_categories": ["identity", "contact"],
            "people_affected": "40",
            "measures": "",
        },
    )
    # Then it is saved and its page shows the deadline and the description
    report = BreachReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("privacy:breach_detail", args=[report.pk])
    page = client.get(response["Location"])
    content = page.content.decode()
    assert _local(report.notification_due_at) in content
    assert escape(DESCRIPTION) in content
    # and reading it is audited
    assert AuditEvent.objects.filter(verb="breach_report_view", action=AuditAction.READ).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"discovered_at": "32/13/2026 25:00"}, "discovered_at", None),
        ({"discovered_at": ""}, "discovered_at", "Enter when the breach was discovered, as dd/mm/yyyy hh:mm."),
        ({"discovered_at": "01/01/2099 10:00"}, "discovered_at", errors.DISCOVERED_IN_FUTURE.message),
        ({"description": ""}, "description", errors.DESCRIPTION_REQUIRED.message),
        ({"data_categories": []}, "data_categories", errors.CATEGORIES_REQUIRED.message),
        ({"data_categories": ["dreams"]}, "data_categories", errors.CATEGORY_INVALID.message),
        ({"people_affected": "-3"}, "people_affected", "Enter a whole number of people, or leave it empty."),
    ],
)
def test_bad_input_gets_a_message_and_records_nothing(client, personas, data, field, message):
    client.force_login(personas.admin)
    values = {"discovered_at": "20/11/2026 08:30", "description": DESCRIPTION, "data_categories": ["identity"]}
    response = client.post(reverse("privacy:breach_new"), values | data)
    assert response.status_code == 200
    errors_of_field = response.context["form"].errors[field]
    if message is None:  # the form's own message for a date it cannot read
        message = "Enter a date and time as dd/mm/yyyy hh:mm, for example 05/09/2025 14:30."
    assert errors_of_field == [gettext(str(message))]
    assert not BreachReport.objects.exists()


def test_a_manager_confirms_and_records_the_notification(client, personas):
    # Given a report discovered 30 hours ago
    report = _report(personas, 30)
    client.force_login(personas.admin)
    url = reverse("privacy:breach_detail", args=[report.pk])
    notified = timezone.localtime(report.discovered_at + datetime.timedelta(hours=20))
    # When the authority's notification is recorded
    response = client.post(
        url,
        {
            "status": "confirmed",
            "data_categories": ["identity"],
            "people_affected": "41",
            "measures": "Đã yêu cầu người nhận xóa thư",
            "notified_authority_at": notified.strftime("%d/%m/%Y %H:%M"),
            "notified_people_at": "",
            "version": str(report.version),
        },
    )
    # Then it is saved, and the report no longer awaits a notification
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.people_affected) == (BreachStatus.CONFIRMED, 41)
    assert report.notified_authority_at == notified.replace(second=0, microsecond=0)
    assert not client.get(url).context["row"].awaiting_notification
    assert AuditEvent.objects.filter(verb="breach_report_update", object_id=str(report.pk)).exists()


def test_a_notification_before_discovery_is_shown_next_to_its_field(client, personas):
    report = _report(personas, 30)
    client.force_login(personas.admin)
    before = timezone.localtime(report.discovered_at - datetime.timedelta(hours=1))
    response = client.post(
        reverse("privacy:breach_detail", args=[report.pk]),
        {
            "status": "confirmed",
            "data_categories": ["identity"],
            "notified_people_at": before.strftime("%d/%m/%Y %H:%M"),
            "version": str(report.version),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["notified_people_at"] == [str(errors.NOTIFIED_BEFORE_DISCOVERY.message)]
    report.refresh_from_db()
    assert report.status == BreachStatus.SUSPECTED


def test_only_privacy_managers_reach_the_breach_pages(client, personas):
    report = _report(personas, 1)
    urls = [
        reverse("privacy:breach_list"),
        reverse("privacy:breach_new"),
        reverse("privacy:breach_detail", args=[report.pk]),
    ]
    for user in (personas.coordinator, personas.reader, personas.ministry, personas.womens_union_officer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(personas.admin)
    assert client.post(urls[0]).status_code == 405
    assert client.put(urls[2]).status_code == 405
    assert client.get(reverse("privacy:breach_detail", args=[uuid.uuid4()])).status_code == 404


def test_the_home_page_shows_open_reports_to_privacy_managers(client, personas):
    report = _report(personas, 60)
    client.force_login(personas.admin)
    content = client.get(reverse("home")).content.decode()
    assert reverse("privacy:breach_detail", args=[report.pk]) in content
    assert _local(report.notification_due_at) in content
    client.force_login(personas.coordinator)
    assert reverse("privacy:breach_list") not in client.get(reverse("home")).content.decode()


def test_a_closed_report_shows_no_form_and_refuses_changes(client, personas):
    report = _report(personas, 30)
    report.status = BreachStatus.CLOSED
    report.save()
    client.force_login(personas.admin)
    url = reverse("privacy:breach_detail", args=[report.pk])
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(url, {"status": "confirmed", "data_categories": ["identity"], "version": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [str(errors.BREACH_CLOSED.message)]
    report.refresh_from_db()
    assert report.status == BreachStatus.CLOSED
