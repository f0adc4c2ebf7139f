import datetime
from urllib.parse import urlparse

from django.urls import reverse

from audit.models import AuditEvent
from cases.models import IntakeChannel
from cases.services import case_close, verification_request_send


def _codes(response) -> set[str]:
    return {case.code for case in response.context["page"].object_list}


def test_coordinator_lists_the_cases_of_the_area_with_names(client, personas):
    # Given two cases in Hải Phòng
    first = personas.case_in_hai_phong()
    second = personas.case_in_hai_phong(full_name="Trần Văn Bình", home_unit=personas.other_commune)
    # When the coordinator opens the list
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:list"))
    # Then both are listed with names and dates as dd/mm/yyyy
    assert response.status_code == 200
    assert _codes(response) == {first.code, second.code}
    body = response.content.decode()
    assert "Trần Văn Bình" in body and "02/09/2025" in body
    # And who saw which names is audited, in one event for the page
    event = AuditEvent.objects.get(verb="case_list_view", actor=personas.coordinator)
    assert set(event.changes["persons"]) == {str(first.person_id), str(second.person_id)}


def test_outsider_sees_no_case_of_another_province_and_police_may_not_list(client, personas):
    personas.case_in_hai_phong()
    client.force_login(personas.outsider)
    assert _codes(client.get(reverse("cases:list"))) == set()
    client.force_login(personas.police_officer)
    assert client.get(reverse("cases:list")).status_code == 403


def test_list_refuses_writes(client, personas):
    client.force_login(personas.coordinator)
    assert client.post(reverse("cases:list")).status_code == 405
    assert client.get(reverse("cases:search")).status_code == 405


def test_filters_by_status_channel_area_and_overdue(client, personas):
    # Given an open application case, a closed police-list case, and an overdue verification
    open_case = personas.case_in_hai_phong()
    listed = personas.case_in_hai_phong(full_name="Lê Thị Cúc", channel=IntakeChannel.POLICE_LIST)
    case_close(
        actor=personas.coordinator,
        case=listed,
        closed_on=datetime.date(2025, 10, 1),
        reason="reintegrated",
        expected_version=listed.version,
    )
    verification_request_send(
        actor=personas.coordinator,
        case=open_case,
        police_agency=personas.police_agency,
        sent_on=datetime.date(2025, 9, 3),
    )
    client.force_login(personas.coordinator)
    url = reverse("cases:list")
    # When / then
    assert _codes(client.get(url, {"status": "closed"})) == {listed.code}
    assert _codes(client.get(url, {"channel": IntakeChannel.POLICE_LIST})) == {listed.code}
    assert _codes(client.get(url, {"overdue": "on"})) == {open_case.code}
    legacy_district = personas.legacy_commune.parent
    assert _codes(client.get(url, {"unit": legacy_district.pk})) == {open_case.code, listed.code}
    assert _codes(client.get(url, {"unit": personas.quang_ninh.pk})) == {open_case.code, listed.code}  # not offered
    body = client.get(url, {"overdue": "on"}).content.decode()
    assert "Xác minh quá hạn" in body


def test_an_invalid_filter_is_explained_and_ignored(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:list"), {"status": "bogus"})
    assert response.status_code == 200
    assert _codes(response) == {case.code}
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_name_search_ignores_diacritics_and_keeps_the_name_out_of_the_url(client, personas):
    # Given two people
    wanted = personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="Trần Văn Bình")
    client.force_login(personas.coordinator)
    # When the coordinator searches without diacritics
    response = client.post(reverse("cases:search"), {"name": "nguyen thi hoa"})
    # Then the redirect carries an opaque token, the list shows only the match, and the search is audited
    assert response.status_code == 302
    location = response["Location"]
    assert "nguyen" not in location.lower() and "tim=" in urlparse(location).query
    listed = client.get(location)
    assert _codes(listed) == {wanted.code}
    assert 'value="nguyen thi hoa"' in listed.content.decode()
    event = AuditEvent.objects.get(verb="case_search")
    assert "nguyen" not in str(event.changes)
    # An unknown token shows the whole list rather than an error
    assert len(_codes(client.get(reverse("cases:list"), {"tim": "unknown"}))) == 2


def test_a_search_sealed_under_a_removed_key_is_forgotten_not_an_error(client, personas):
    # Given a search remembered in the session under a key that has since been removed (rotate_keys)
    personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    location = client.post(reverse("cases:search"), {"name": "nguyen thi hoa"})["Location"]
    session = client.session
    session["case_searches"] = dict.fromkeys(session["case_searches"], "oldkey$AAAA")
    session.save()
    # When the officer comes back to the result page
    response = client.get(location)
    # Then the whole list is shown, without the forgotten search
    assert response.status_code == 200
    assert len(_codes(response)) == 1 and 'value="nguyen thi hoa"' not in response.content.decode()


def test_list_runs_a_constant_number_of_queries(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.coordinator)
    personas.case_in_hai_phong()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    for number in range(8):
        personas.case_in_hai_phong(full_name=f"Người Số {number}", home_unit=personas.other_commune)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:list"))
    assert len(many) == len(few)


def test_a_very_common_name_is_matched_case_by_case(client, personas, monkeypatch):
    # Given more people of that name than the id list may hold
    monkeypatch.setattr("cases.selectors.cases._SEARCH_IDS_LIMIT", 0)
    wanted = personas.case_in_hai_phong()
    personas.case_in_hai_phong(full_name="Trần Văn Bình")
    client.force_login(personas.coordinator)
    # When searching, then the same single match is found
    location = client.post(reverse("cases:search"), {"name": "Nguyen Thi Hoa"})["Location"]
    assert _codes(client.get(location)) == {wanted.code}
