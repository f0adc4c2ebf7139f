"""The training pages: list with filters, new course, detail with participants, edit."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from oversight import errors
from oversight.models import TrainingCourse, TrainingParticipation
from oversight.services import training_course_record

LIST = reverse("oversight:training_list")
NEW = reverse("oversight:training_new")


def _form(personas, **changes):
    data = {
        "title": "Tập huấn kỹ năng tư vấn",
        "organiser": personas.social_agency.pk,
        "unit": personas.hai_phong.pk,
        "starts_on": "04/08/2025",
        "ends_on": "05/08/2025",
        "topics": "Tư vấn tâm lý",
        "funding_vnd": "30.000.000",
        "funding_source": "Ngân sách",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_a_course_through_the_form(client, personas):
    # Given the coordinator on the new-course page
    client.force_login(personas.coordinator)
    assert client.get(NEW).status_code == 200
    # When they send the form with the funding written with dots
    response = client.post(NEW, _form(personas))
    # Then the course is saved and they land on its page
    training = TrainingCourse.objects.get()
    assert response.status_code == 302 and response.url == reverse("oversight:training_detail", args=[training.pk])
    assert training.funding_vnd == 30_000_000
    page = client.get(response.url).content.decode()
    assert "30.000.000 ₫" in page and "04/08/2025" in page


def test_bad_input_gets_messages_and_changes_nothing(client, personas, shown):
    client.force_login(personas.coordinator)
    page = client.post(NEW, _form(personas, starts_on="tháng tám")).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    page = client.post(NEW, _form(personas, ends_on="01/08/2025")).content.decode()
    assert shown(errors.DATES_REVERSED.message) in page
    page = client.post(NEW, _form(personas, funding_vnd="nhiều")).content.decode()
    assert shown("Enter an amount in đồng, for example 1.000.000.") in page
    page = client.post(NEW, _form(personas, unit=personas.quang_ninh.pk)).content.decode()
    assert "unit" in page and not TrainingCourse.objects.exists()
    assert not AuditEvent.objects.filter(verb="training_course_record").exists()


def test_who_may_see_and_keep_courses(client, personas, inspector, training):
    detail = reverse("oversight:training_detail", args=[training.pk])
    edit = reverse("oversight:training_edit", args=[training.pk])
    # Readers of the province, the inspector and the ministry see the list and the course
    for persona in (personas.coordinator, personas.reader, inspector, personas.ministry):
        client.force_login(persona)
        assert client.get(LIST).status_code == 200
        assert training.title in client.get(detail).content.decode()
    # but only the coordinator may change it: the others get 403
    for persona in (personas.reader, inspector, personas.ministry):
        client.force_login(persona)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, _form(personas)).status_code == 403
        assert client.get(edit).status_code == 403
    # The other province's coordinator sees it as missing, and its list stays empty
    client.force_login(personas.outsider)
    assert client.get(detail).status_code == 404
    assert client.get(edit).status_code == 404
    assert training.title not in client.get(LIST).content.decode()
    # Roles without oversight get 403 on the list and 404 on the course
    for persona in (personas.commune_officer, personas.police_officer, personas.womens_union_officer):
        client.force_login(persona)
        assert client.get(LIST).status_code == 403
        assert client.get(detail).status_code == 404
    assert TrainingCourse.objects.get().version == 1


def test_wrong_methods_are_refused(client, personas, training):
    client.force_login(personas.coordinator)
    assert client.post(LIST).status_code == 405
    assert client.post(reverse("oversight:training_detail", args=[training.pk])).status_code == 405
    assert client.get(reverse("oversight:training_participants", args=[training.pk])).status_code == 405


def test_participants_are_set_from_the_course_page(client, personas, training, shown):
    client.force_login(personas.coordinator)
    url = reverse("oversight:training_participants", args=[training.pk])
    data = {"agency": personas.commune_committee.pk, "participants": "12", "version": 1}
    assert client.post(url, data).status_code == 302
    assert TrainingParticipation.objects.get().participants == 12
    # the same form again is stale
    response = client.post(url, data)
    assert response.status_code == 200 and shown(STALE_VERSION.message) in response.content.decode()
    response = client.post(url, {**data, "participants": "mười", "version": 2})
    assert (
        response.status_code == 200 and shown("Enter a whole number, for example 4.670.") in response.content.decode()
    )
    client.force_login(personas.reader)
    assert client.post(url, {**data, "version": 2}).status_code == 403
    assert TrainingParticipation.objects.get().participants == 12


def test_the_edit_form_saves_and_refuses_a_stale_version(client, personas, training, shown):
    client.force_login(personas.coordinator)
    url = reverse("oversight:training_edit", args=[training.pk])
    assert "45.000.000" in client.get(url).content.decode() or "45000000" in client.get(url).content.decode()
    data = _form(personas, title="Tên mới", starts_on="10/09/2025", ends_on="11/09/2025", version=1)
    assert client.post(url, data).status_code == 302
    assert TrainingCourse.objects.get().title == "Tên mới"
    response = client.post(url, {**data, "title": "Lần nữa"})
    assert shown(STALE_VERSION.message) in response.content.decode()
    assert TrainingCourse.objects.get().title == "Tên mới"


@pytest.fixture
def courses(personas, training):
    """The September course (fixture) and one in May 2024 in the old Kiến Thụy commune, by the commune committee."""
    old = training_course_record(
        actor=personas.coordinator,
        title="Tập huấn năm 2024",
        organiser=personas.commune_committee,
        unit=personas.legacy_commune,
        starts_on=datetime.date(2024, 5, 6),
        ends_on=datetime.date(2024, 5, 7),
        topics="Nhận diện nạn nhân",
        funding_vnd=5_000_000,
    )
    return training, old


def test_the_list_filters_by_period_area_and_agency(client, personas, courses):
    september, may_2024 = courses
    client.force_login(personas.coordinator)
    page = client.get(LIST).content.decode()
    assert september.title in page and may_2024.title in page and "50.000.000 ₫" in page
    page = client.get(LIST, {"start": "01/01/2025", "end": "31/12/2025"}).content.decode()
    assert september.title in page and may_2024.title not in page
    # the current commune covers the old commune it took over
    page = client.get(LIST, {"unit": personas.commune.pk}).content.decode()
    assert may_2024.title in page and september.title not in page
    page = client.get(LIST, {"agency": personas.commune_committee.pk}).content.decode()
    assert may_2024.title in page and september.title not in page
    page = client.get(LIST, {"start": "31/12/2025", "end": "01/01/2025"}).content.decode()
    assert "The end of the period cannot be before its start." in page or "trước" in page


def test_the_list_takes_a_fixed_number_of_queries(client, personas, courses, django_assert_max_num_queries):
    client.force_login(personas.coordinator)
    client.get(LIST)
    with django_assert_max_num_queries(20):
        client.get(LIST)
