from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_ok_without_login_in_one_query(client):
    # Given nobody signed in
    # When a load balancer polls the health check
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("health"))
    # Then it answers "ok" as plain text, never cached, after one trivial query
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_health_reports_a_database_that_does_not_answer(client):
    # Given a database that refuses connections
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("refused")):
        # When the health check is polled
        response = client.get(reverse("health"))
    # Then it says so with 503, without details
    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db
def test_health_refuses_other_methods(client):
    # Given / when a POST reaches the health check
    response = client.post(reverse("health"))
    # Then it is refused
    assert response.status_code == 405
