from django.urls import reverse

from audit.models import AuditAction, AuditEvent


def test_permitted_user_sees_the_case_and_the_read_is_audited(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.reader)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    # A read-only colleague sees the case code where the name would be (hide-name mode)
    assert case.code in response.content.decode() and "Nguyễn Thị Hòa" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.READ, actor=personas.reader)
    assert event.object_id == str(case.person.pk)


def test_outsider_gets_not_found_and_nothing_is_shown(client, personas):
    case = personas.case_in_hai_phong()
    for persona in (personas.outsider, personas.police_officer, personas.ministry):
        client.force_login(persona)
        response = client.get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 404
        assert "Nguyễn" not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_case_detail_refuses_writes(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    assert client.post(reverse("cases:detail", args=[case.pk])).status_code == 405


def test_urls_carry_uuids_not_personal_data(personas):
    case = personas.case_in_hai_phong()
    url = reverse("cases:detail", args=[case.pk])
    assert str(case.pk) in url and "Nguy" not in url


def _enrich(personas, case) -> None:
    """Add one more of everything the case page shows."""
    import datetime

    from cases.models import ASSESSMENT_DIMENSIONS
    from cases.services import (
        consent_record,
        follow_up_visit_record,
        intake_attach,
        reintegration_assessment_record,
    )

    day = datetime.date(2025, 10, 1)
    intake_attach(actor=personas.coordinator, case=case, channel="police_list", received_on=day)
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope="sharing",
        agency=personas.womens_union,
        granted=True,
        recorded_on=day,
    )
    follow_up_visit_record(actor=personas.commune_officer, case=case, visited_on=day)
    reintegration_assessment_record(
        actor=personas.commune_officer,
        case=case,
        assessed_on=day,
        levels=dict.fromkeys(ASSESSMENT_DIMENSIONS, "stable"),
    )


def test_case_page_runs_a_constant_number_of_queries(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Given a bare case and a case with several records of every kind
    bare = personas.case_in_hai_phong()
    rich = personas.case_in_hai_phong(full_name="Trần Thị Mai")
    for _ in range(3):
        _enrich(personas, rich)
    client.force_login(personas.coordinator)
    # When both pages are shown
    with CaptureQueriesContext(connection) as bare_queries:
        assert client.get(reverse("cases:detail", args=[bare.pk])).status_code == 200
    with CaptureQueriesContext(connection) as rich_queries:
        response = client.get(reverse("cases:detail", args=[rich.pk]))
    # Then they cost the same number of queries, and the timeline shows what happened
    assert len(rich_queries) == len(bare_queries)
    body = response.content.decode()
    assert "Ghi nhận đánh giá tái hòa nhập" in body and "Tiếp nhận:" in body
