from django.urls import reverse

from audit.models import AuditAction, AuditEvent


def test_permitted_user_sees_the_case_and_the_read_is_audited(client, personas):
    case = personas.case_in_hai_phong()
    client.force_login(personas.reader)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Nguyễn Thị Hòa" in response.content.decode()
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
