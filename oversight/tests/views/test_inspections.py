"""The inspection pages: list with filters, new inspection, recommendations and their follow-up, overdue list."""

import datetime

from django.urls import reverse

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from oversight import errors
from oversight.models import Inspection, Recommendation, RecommendationStatus
from oversight.services import inspection_record

LIST = reverse("oversight:inspection_list")
NEW = reverse("oversight:inspection_new")
OVERDUE = reverse("oversight:overdue")


def _form(personas, **changes):
    data = {
        "unit": personas.commune.pk,
        "inspected_agency": personas.commune_committee.pk,
        "inspected_on": "15/09/2025",
        "team": "Đoàn 3 người",
        "findings": "Chưa lập sổ theo dõi.",
        "includes_victim_support": "on",
        "victim_support_findings": "Chi trả đúng hạn.",
    }
    data.update(changes)
    return data


def test_the_inspector_records_an_inspection_and_its_recommendation(client, personas, inspector):
    # Given the inspector
    client.force_login(inspector)
    assert client.get(NEW).status_code == 200
    # When they record an inspection, then a recommendation on its page
    response = client.post(NEW, _form(personas))
    inspection = Inspection.objects.get()
    detail = reverse("oversight:inspection_detail", args=[inspection.pk])
    assert response.status_code == 302 and response.url == detail
    response = client.post(
        reverse("oversight:recommendation_new", args=[inspection.pk]),
        {"text": "Lập sổ theo dõi hồ sơ", "due_on": "31/12/2025"},
    )
    # Then both are saved and shown, with the check of victim support
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Lập sổ theo dõi hồ sơ" in page and "31/12/2025" in page and "Chi trả đúng hạn." in page
    assert AuditEvent.objects.filter(verb__in=["inspection_record", "recommendation_add"]).count() == 2


def test_bad_input_gets_messages_and_changes_nothing(client, personas, inspector, inspection, shown):
    client.force_login(inspector)
    page = client.post(NEW, _form(personas, inspected_on="hôm qua")).content.decode()
    assert shown("Enter a date as dd/mm/yyyy, for example 05/09/2025.") in page
    page = client.post(NEW, _form(personas, findings="")).content.decode()
    assert "findings" in page
    page = client.post(NEW, _form(personas, unit=personas.legacy_commune.pk)).content.decode()
    assert shown(errors.UNIT_NOT_IN_FORCE.message, date="15/09/2025") in page
    assert Inspection.objects.count() == 1
    url = reverse("oversight:recommendation_new", args=[inspection.pk])
    response = client.post(url, {"text": "Sớm quá", "due_on": "01/09/2025"})
    assert response.status_code == 200
    assert shown(errors.DUE_BEFORE_INSPECTION.message, date="15/09/2025") in response.content.decode()
    assert not Recommendation.objects.exists()


def test_who_may_see_and_keep_inspections(client, personas, inspector, inspection, recommendation):
    detail = reverse("oversight:inspection_detail", args=[inspection.pk])
    edit = reverse("oversight:inspection_edit", args=[inspection.pk])
    add = reverse("oversight:recommendation_new", args=[inspection.pk])
    follow = reverse("oversight:recommendation_follow_up", args=[recommendation.pk])
    # The coordinator and the reader of the province see the inspection and its findings
    for persona in (inspector, personas.coordinator, personas.reader):
        client.force_login(persona)
        assert client.get(LIST).status_code == 200
        assert "Hồ sơ hỗ trợ lưu trữ chưa đầy đủ." in client.get(detail).content.decode()
        assert client.get(OVERDUE).status_code == 200
    # but may not change it
    for persona in (personas.coordinator, personas.reader):
        client.force_login(persona)
        assert client.get(NEW).status_code == 403
        assert client.get(edit).status_code == 403
        assert client.post(add, {"text": "x", "due_on": "31/12/2025"}).status_code == 403
        assert client.post(follow, {f"{recommendation.pk}-status": "done"}).status_code == 403
    # The ministry does not see inspections (findings are internal); the other province neither
    client.force_login(personas.ministry)
    assert client.get(LIST).status_code == 403
    assert client.get(OVERDUE).status_code == 403
    assert client.get(detail).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(detail).status_code == 404
    assert client.post(follow, {f"{recommendation.pk}-status": "done"}).status_code == 404
    assert "Hồ sơ hỗ trợ" not in client.get(LIST).content.decode()
    assert Recommendation.objects.get().version == 1 and Inspection.objects.get().version == 1


def test_wrong_methods_are_refused(client, inspector, inspection, recommendation):
    client.force_login(inspector)
    assert client.post(LIST).status_code == 405
    assert client.post(OVERDUE).status_code == 405
    assert client.get(reverse("oversight:recommendation_new", args=[inspection.pk])).status_code == 405
    assert client.get(reverse("oversight:recommendation_follow_up", args=[recommendation.pk])).status_code == 405


def test_the_follow_up_is_recorded_from_the_page_and_shown_as_history(client, inspector, recommendation, shown):
    client.force_login(inspector)
    url = reverse("oversight:recommendation_follow_up", args=[recommendation.pk])
    prefix = str(recommendation.pk)
    data = {
        f"{prefix}-status": "in_progress",
        f"{prefix}-noted_on": "03/11/2025",
        f"{prefix}-note": "Đã giao việc",
        f"{prefix}-version": 1,
    }
    assert client.post(url, data).status_code == 302
    # the same form again is stale
    response = client.post(url, data)
    assert response.status_code == 200 and shown(STALE_VERSION.message) in response.content.decode()
    # a follow-up dated before the inspection is refused
    response = client.post(url, {**data, f"{prefix}-noted_on": "01/09/2025", f"{prefix}-version": 2})
    assert shown(errors.FOLLOW_UP_BEFORE_INSPECTION.message, date="15/09/2025") in response.content.decode()
    done = {
        **data,
        f"{prefix}-status": "done",
        f"{prefix}-noted_on": "07/11/2025",
        f"{prefix}-version": 2,
        "next": "overdue",
    }
    response = client.post(url, done)
    assert response.status_code == 302 and response.url == OVERDUE
    assert Recommendation.objects.get().status == RecommendationStatus.DONE
    page = client.get(reverse("oversight:inspection_detail", args=[recommendation.inspection_id])).content.decode()
    assert "03/11/2025" in page and "Đã giao việc" in page and "07/11/2025" in page


def test_overdue_recommendations_are_listed_and_counted_on_the_home_page(client, personas, inspector, recommendation):
    # Given a recommendation due on 31/10/2025 and not done
    # When the inspector and the coordinator open their pages
    for persona in (inspector, personas.coordinator):
        client.force_login(persona)
        # Then it is listed as overdue and counted on the home page
        assert recommendation.text in client.get(OVERDUE).content.decode()
        home = client.get(reverse("home"))
        assert home.context["overdue_recommendations"] == 1
        assert reverse("oversight:overdue") in home.content.decode()
    # And the other province's coordinator counts none of it
    client.force_login(personas.outsider)
    assert client.get(reverse("home")).context["overdue_recommendations"] == 0
    assert recommendation.text not in client.get(OVERDUE).content.decode()
    # And roles without oversight do not get the count at all
    client.force_login(personas.commune_officer)
    assert "overdue_recommendations" not in client.get(reverse("home")).context


def test_the_list_filters_by_period_area_and_agency(client, personas, inspector, inspection):
    older = inspection_record(
        actor=inspector,
        unit=personas.legacy_commune,
        inspected_agency=personas.social_agency,
        inspected_on=datetime.date(2024, 11, 5),
        team="Đoàn 2 người",
        findings="Kiểm tra năm 2024.",
    )
    client.force_login(inspector)

    def shown_ids(**query):
        return {str(i.pk) for i in client.get(LIST, query).context["page"].object_list}

    assert shown_ids() == {str(inspection.pk), str(older.pk)}
    assert shown_ids(start="01/01/2025") == {str(inspection.pk)}
    assert shown_ids(end="31/12/2024") == {str(older.pk)}
    assert shown_ids(unit=personas.commune.pk) == {str(inspection.pk), str(older.pk)}
    assert shown_ids(unit=personas.other_commune.pk) == set()
    assert shown_ids(agency=personas.social_agency.pk) == {str(older.pk)}


def test_the_list_takes_a_fixed_number_of_queries(
    client, inspector, inspection, recommendation, django_assert_max_num_queries
):
    client.force_login(inspector)
    client.get(LIST)
    with django_assert_max_num_queries(20):
        client.get(LIST)
