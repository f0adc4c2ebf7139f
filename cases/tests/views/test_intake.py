import datetime

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, Consent, Intake, IntakeChannel


def _intake_form(personas, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": IntakeChannel.BORDER_RECEPTION,
        "received_on": "05/10/2025",
        "source_agency": personas.border_guard_agency.pk,
        "source_reference": "12/BB-BP",
        "full_name": "Phạm Thị Lan",
        "birth_date": "03/02/2001",
        "sex": "female",
        "province": personas.hai_phong.pk,
        "home_unit": personas.commune.pk,
        "responsible_agency": personas.social_agency.pk,
    }
    data.update(overrides)
    return data


def test_coordinator_records_a_new_intake_and_a_case_opens(client, personas):
    # Given the coordinator on the intake page
    client.force_login(personas.coordinator)
    assert client.get(reverse("cases:intake_new")).status_code == 200
    # When they submit a person nobody knows yet
    response = client.post(reverse("cases:intake_new"), _intake_form(personas))
    # Then a case is opened, with its intake, and the writes are audited
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.person.full_name == "Phạm Thị Lan"
    assert case.intakes.get().channel == IntakeChannel.BORDER_RECEPTION
    assert {"case_open", "intake_record", "person_create"} <= set(AuditEvent.objects.values_list("verb", flat=True))


def test_a_known_person_is_offered_as_a_match_and_the_intake_can_join_that_case(client, personas):
    # Given a case of Nguyễn Thị Hòa, born 12/04/1998
    existing = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    form = _intake_form(personas, full_name="NGUYEN THI HOA", birth_date="12/04/1998")
    # When the same person is typed in again, without diacritics
    response = client.post(reverse("cases:intake_new"), form)
    # Then nothing is created yet and the existing case is offered
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert existing.code in response.content.decode()
    # When the officer adds the intake to that case
    response = client.post(reverse("cases:intake_new"), form | {"attach_to": str(existing.pk)})
    # Then the case has two intakes and still one person
    assert response["Location"] == reverse("cases:detail", args=[existing.pk])
    assert Intake.objects.filter(case=existing).count() == 2
    assert Case.objects.count() == 1


def test_the_officer_may_still_open_a_new_case_when_no_match_is_the_person(client, personas):
    personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    form = _intake_form(personas, full_name="Nguyễn Thị Hòa", birth_date="12/04/1998", confirm_new="1")
    response = client.post(reverse("cases:intake_new"), form)
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_the_live_match_panel_answers_posts_only_and_shows_matches(client, personas):
    existing = personas.case_in_hai_phong()
    client.force_login(personas.coordinator)
    url = reverse("cases:intake_matches")
    assert client.get(url).status_code == 405
    response = client.post(url, {"full_name": "nguyen thi hoa", "birth_date": "12/04/19"})
    assert existing.code in response.content.decode()
    assert "<html" not in response.content.decode()


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_written(client, personas):
    client.force_login(personas.coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    cases = [
        ({"full_name": ""}, "Trường này là bắt buộc"),
        ({"received_on": "31/02/2025"}, "Hãy nhập ngày theo dạng ngày/tháng/năm"),
        ({"received_on": tomorrow}, "không được"),
        ({"home_unit": personas.quang_ninh.pk}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"birth_year": "1990"}, "Năm sinh không khớp với ngày sinh"),
    ]
    for override, message in cases:
        response = client.post(reverse("cases:intake_new"), _intake_form(personas, **override))
        assert response.status_code == 200, override
        assert message in response.content.decode(), override
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(verb="case_open").exists()


def test_a_pre_2025_intake_needs_the_unit_of_that_time(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:intake_new"), _intake_form(personas, received_on="05/03/2025"))
    assert response.status_code == 200
    assert "không tồn tại vào ngày 05/03/2025" in response.content.decode()
    assert not Case.objects.exists()


def test_border_guard_may_record_but_reader_and_police_may_not(client, personas):
    client.force_login(personas.border_guard)
    assert client.post(reverse("cases:intake_new"), _intake_form(personas)).status_code == 302
    for persona in (personas.reader, personas.police_officer, personas.ministry):
        client.force_login(persona)
        assert client.get(reverse("cases:intake_new")).status_code == 403
        assert client.post(reverse("cases:intake_new"), _intake_form(personas)).status_code == 403
    assert Case.objects.count() == 1


def test_commune_options_follow_the_chosen_province(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:commune_options"), {"province": personas.hai_phong.pk})
    assert personas.commune.name in response.content.decode()
    assert client.post(reverse("cases:commune_options")).status_code == 405


def test_another_intake_on_an_existing_case(client, personas):
    case = personas.case_in_hai_phong()
    url = reverse("cases:intake_attach", args=[case.pk])
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    client.force_login(personas.reader)
    assert client.get(url).status_code == 403
    client.force_login(personas.coordinator)
    assert client.put(url).status_code == 405
    response = client.post(url, {"channel": IntakeChannel.POLICE_LIST, "received_on": "01/10/2025"})
    assert response.status_code == 302
    assert case.intakes.count() == 2


def test_consent_to_share_names_the_agency_and_is_audited(client, personas):
    case = personas.case_in_hai_phong()
    url = reverse("cases:consent_record", args=[case.pk])
    client.force_login(personas.outsider)
    assert client.post(url, {}).status_code == 404
    client.force_login(personas.reader)
    assert client.post(url, {}).status_code == 403
    client.force_login(personas.coordinator)
    # Without the agency: explained, nothing written
    response = client.post(url, {"scope": "sharing", "granted": "yes", "recorded_on": "03/09/2025"})
    assert "Hãy chọn cơ quan" in response.content.decode()
    assert not Consent.objects.exists()
    # With it: recorded and audited
    form = {"scope": "sharing", "agency": personas.womens_union.pk, "granted": "yes", "recorded_on": "03/09/2025"}
    assert client.post(url, form).status_code == 302
    consent = Consent.objects.get()
    assert consent.agency == personas.womens_union and consent.granted
    assert AuditEvent.objects.filter(verb="consent_record", object_id=str(consent.pk)).exists()
