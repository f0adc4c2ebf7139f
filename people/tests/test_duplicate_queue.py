"""The review queue page reads stored pairs only: no scoring on a page load, scoped, paginated, "score again now"."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agencies.models import Agency
from audit.models import AuditEvent
from geo.models import AdminUnit, Level
from people import selectors
from people.duplicates import AUDIT_VERB_RESCORE, duplicate_candidates_score
from people.models import DuplicateCandidate

QUEUE = "/nguoi/trung-lap/"
RESCORE = "/nguoi/trung-lap/tinh-lai/"
PAIRS = [
    ("Nguyễn Thị Hòa", "NGUYEN THI HOA", datetime.date(1998, 4, 12)),
    ("Trần Văn Bình", "TRAN VAN BINH", datetime.date(1985, 1, 3)),
    ("Lê Thị Mai", "Le Thi Mai", datetime.date(1990, 7, 21)),
    ("Phạm Minh Tuấn", "PHAM MINH TUAN", datetime.date(1979, 11, 30)),
    ("Đỗ Thị Lan", "Do Thi Lan", datetime.date(2001, 2, 14)),
]


def _add_pairs(personas, count: int, **overrides) -> None:
    for first, second, born in PAIRS[:count]:
        for name in (first, second):
            personas.case_in_hai_phong(full_name=name, birth_date=born, **overrides)


def _quang_ninh(personas) -> dict:
    commune = AdminUnit.objects.filter(parent=personas.quang_ninh, level=Level.COMMUNE).order_by("code").first()
    agency = Agency.objects.get(code="qn-so-y-te")
    return {"actor": personas.outsider, "home_unit": commune, "responsible_agency": agency}


def test_the_page_never_scores(client, personas):
    # Given stored pairs
    _add_pairs(personas, 2)
    duplicate_candidates_score()
    client.force_login(personas.coordinator)
    # When the page is opened with the matcher made to fail
    with mock.patch("people.duplicates.candidate_pairs", side_effect=AssertionError("scored on a page load")):
        response = client.get(QUEUE)
    # Then it shows the stored pairs
    assert response.status_code == 200
    page = response.content.decode()
    assert "NGUYEN THI HOA" in page and "TRAN VAN BINH" in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_pairs(client, personas):
    # Given one stored pair, then five
    client.force_login(personas.coordinator)
    _add_pairs(personas, 1)
    duplicate_candidates_score()
    one = _queries(client)
    _add_pairs(personas, 5)  # the first pair again, and four more
    duplicate_candidates_score()
    assert selectors.duplicate_queue(actor=personas.coordinator).page.paginator.count > 5
    # Then the page costs as many queries, and few
    assert _queries(client) == one
    assert one <= 15, one


def test_the_page_says_when_the_scores_were_computed(client, personas):
    # Given records not scored yet, the page says so; after a run, it says when
    _add_pairs(personas, 1)
    client.force_login(personas.coordinator)
    before = client.get(QUEUE).content.decode()
    assert "have not been scored" in before or "chưa được chấm điểm" in before
    run = duplicate_candidates_score().run
    page = client.get(QUEUE).content.decode()
    assert date_format(timezone.localtime(run.finished_at), "d/m/Y H:i") in page
    assert "have not been scored" not in page and "chưa được chấm điểm" not in page


def test_an_outsider_sees_no_pair_of_another_province(client, personas):
    # Given a pair in Hải Phòng and one in Quảng Ninh
    _add_pairs(personas, 1)
    _add_pairs(personas, 2, **_quang_ninh(personas))
    duplicate_candidates_score()
    # When each province's coordinator opens the queue
    client.force_login(personas.outsider)
    outsider_page = client.get(QUEUE).content.decode()
    client.force_login(personas.coordinator)
    coordinator_queue = selectors.duplicate_queue(actor=personas.coordinator)
    # Then each sees only the pairs of their province
    assert "TRAN VAN BINH" in outsider_page
    assert selectors.duplicate_queue(actor=personas.outsider).page.paginator.count == 2
    assert coordinator_queue.page.paginator.count == 1
    assert all(
        person.home_unit.current_province_id == personas.hai_phong.pk
        for pair in coordinator_queue.pairs
        for person in (pair.left, pair.right)
    )


def test_the_queue_is_paginated_best_first(client, personas):
    # Given three stored pairs, one a page
    _add_pairs(personas, 3)
    duplicate_candidates_score()
    client.force_login(personas.coordinator)
    weights = list(DuplicateCandidate.objects.order_by("-weight").values_list("weight", flat=True))
    with mock.patch.object(selectors, "DUPLICATE_QUEUE_PAGE_SIZE", 1):
        first = client.get(QUEUE)
        last = client.get(QUEUE, {"trang": 3})
        beyond = client.get(QUEUE, {"trang": 99})
    # Then each page has its pair, the best first, with links between the pages
    assert [row["pair"].candidate.weight for row in first.context["rows"]] == weights[:1]
    assert [row["pair"].candidate.weight for row in last.context["rows"]] == weights[2:]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in last.content.decode()
    assert beyond.status_code == 200 and beyond.context["page"].number == 3


def test_score_again_now(client, personas):
    # Given records never scored
    _add_pairs(personas, 1)
    client.force_login(personas.coordinator)
    assert "NGUYEN THI HOA" not in client.get(QUEUE).content.decode()
    # When the coordinator presses "score again now"
    response = client.post(RESCORE, follow=True)
    # Then the pair is in the queue, with a message, and the request is audited with counts
    assert response.redirect_chain[-1][0] == QUEUE
    assert "NGUYEN THI HOA" in response.content.decode()
    assert AuditEvent.objects.get(verb=AUDIT_VERB_RESCORE).changes == {"persons": 2, "pairs": 1}
    assert reverse("people:duplicates_rescore") == RESCORE


@pytest.mark.parametrize("role", ["reader", "commune_officer", "police_officer", "admin"])
def test_score_again_now_is_for_mergers(client, personas, role):
    client.force_login(getattr(personas, role))
    assert client.post(RESCORE).status_code == 403
    assert not AuditEvent.objects.filter(verb=AUDIT_VERB_RESCORE).exists()


def test_score_again_now_wrong_method_and_anonymous(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(RESCORE).status_code == 405
    client.logout()
    assert client.post(RESCORE).status_code == 302
