"""The 72-hour notification deadline of a breach report, as of a given moment."""

import datetime

import pytest

from privacy.models import BreachReport, BreachStatus
from privacy.selectors import breach_row, breaches_open
from privacy.services import breach_report_create

DISCOVERED = datetime.datetime(2026, 11, 20, 8, 30, tzinfo=datetime.UTC)


def _report(**fields) -> BreachReport:
    return BreachReport(discovered_at=DISCOVERED, status=BreachStatus.SUSPECTED, **fields)


@pytest.mark.parametrize(
    ("elapsed", "urgent", "overdue", "left"),
    [
        (datetime.timedelta(hours=1), False, False, (71, 0)),
        (datetime.timedelta(hours=47, minutes=59), False, False, (24, 1)),
        (datetime.timedelta(hours=48, minutes=15), True, False, (23, 45)),
        (datetime.timedelta(hours=72), True, True, (0, 0)),
        (datetime.timedelta(days=10), True, True, (0, 0)),
    ],
)
def test_the_deadline_is_72_hours_after_discovery(elapsed, urgent, overdue, left):
    row = breach_row(_report(), DISCOVERED + elapsed)
    assert row.due_at == datetime.datetime(2026, 11, 23, 8, 30, tzinfo=datetime.UTC)
    assert (row.awaiting_notification, row.urgent, row.overdue) == (True, urgent, overdue)
    assert (row.hours_left, row.minutes_left) == left


def test_a_notified_report_awaits_nothing_and_says_whether_it_was_late():
    in_time = breach_row(_report(notified_authority_at=DISCOVERED + datetime.timedelta(hours=70)), DISCOVERED)
    late = breach_row(_report(notified_authority_at=DISCOVERED + datetime.timedelta(hours=73)), DISCOVERED)
    assert (in_time.awaiting_notification, in_time.overdue, in_time.notified_late) == (False, False, False)
    assert (late.awaiting_notification, late.notified_late) == (False, True)


@pytest.mark.parametrize("status", [BreachStatus.NOT_BREACH, BreachStatus.CLOSED])
def test_a_report_no_longer_open_has_no_deadline(status):
    row = breach_row(BreachReport(discovered_at=DISCOVERED, status=status), DISCOVERED + datetime.timedelta(days=5))
    assert (row.awaiting_notification, row.urgent, row.overdue) == (False, False, False)


def test_open_reports_for_the_home_page_only_for_privacy_managers(personas):
    report = breach_report_create(
        actor=personas.admin,
        discovered_at=DISCOVERED,
        description="Email gửi nhầm danh sách",
        data_categories=["identity"],
    )
    assert [row.report for row in breaches_open(actor=personas.admin)] == [report]
    assert breaches_open(actor=personas.coordinator) == []
