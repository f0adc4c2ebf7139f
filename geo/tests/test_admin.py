import pytest
from django.urls import reverse

from geo.models import Level, Scheme

pytestmark = pytest.mark.django_db


def test_unit_list_searches_folded_names(admin_client, django_assert_max_num_queries):
    # Given a superuser and the loaded units
    url = reverse("admin:geo_adminunit_changelist")
    # When they search without diacritics
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"q": "kien thuy", "scheme": Scheme.LEGACY})
    # Then the old district is listed
    assert response.status_code == 200
    assert "Huyện Kiến Thụy" in response.content.decode()


def test_unit_page_shows_successions_and_cannot_be_deleted(admin_client, legacy_kien_thuy):
    # Given a superuser and an old district
    # When they open it and try to delete it
    page = admin_client.get(reverse("admin:geo_adminunit_change", args=[legacy_kien_thuy.pk]))
    delete = admin_client.get(reverse("admin:geo_adminunit_delete", args=[legacy_kien_thuy.pk]))
    # Then the page shows what replaced it, and deleting is refused
    assert page.status_code == 200
    assert "Xã Kiến Thụy" in page.content.decode()
    assert delete.status_code == 403


def test_succession_list_is_read_only(admin_client):
    # Given a superuser
    # When they open the successions
    response = admin_client.get(reverse("admin:geo_unitsuccession_changelist"), {"predecessor__level": Level.DISTRICT})
    # Then they see them but may not add any
    assert response.status_code == 200
    assert not response.context["has_add_permission"]
