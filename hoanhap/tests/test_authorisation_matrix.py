"""The authorisation matrix, requested: every URL of authorisation_matrix.py, as every role, in every scope."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import resolve_url
from django.templatetags.static import static
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from agencies.models import User
from audit.models import AuditAction, AuditEvent
from cases.models import Case, Consent, Document, FollowUpVisit, Intake, VerificationRequest
from core.testing.personas import personas as personas_fixture
from hoanhap.tests import authorisation_matrix as matrix
from hoanhap.tests.authorisation_matrix import ANONYMOUS, NA, NEED_TO_KNOW, RECEIVING, ROLES, Answer, Row, Scope
from hoanhap.tests.world import World, admin_sample, build_world
from support.models import Referral, RegimeRule, SupportApplication, SupportDecision, SupportDelivery

ROWS = matrix.all_rows()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """The personas and the records of every scope, built once for the module and rolled back at its end.

    Each test runs in its own savepoint inside this transaction (pytest-django's ``db``), so what one
    test's requests change is undone before the next. The transaction is marked as a test case's, as
    Django's TestCase marks its own, so that the services' durable transactions may nest in it.
    """
    documents = override_settings(DOCUMENT_STORAGE_DIR=tmp_path_factory.mktemp("documents"))
    with django_db_blocker.unblock():
        documents.enable()
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            yield build_world(personas_fixture.__wrapped__(None))  # type: ignore[attr-defined]  # the fixture's body
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            documents.disable()


@pytest.fixture(autouse=True)
def _each_test_in_its_savepoint(db):
    """Every test of the module gets the database through pytest-django: in a savepoint, rolled back."""


# --- Reading the URL resolver -----------------------------------------------------------------------


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(key, route) of every URL pattern: the key is the namespaced name, or the route of an unnamed one."""
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}" if entry.name else route, route))
    return found


def test_every_url_has_a_row_and_every_row_a_url():
    # Given every URL pattern of the project, the admin's included
    patterns = dict(_patterns(get_resolver()))
    # When they are compared with the rows of the matrix
    rows = {row.name for row in ROWS}
    # Then each pattern has its row, and each row its pattern
    missing = sorted(f"{key}  ({route})" for key, route in patterns.items() if key not in rows)
    gone = sorted(rows - set(patterns))
    assert not missing, "URLs without a row in hoanhap/tests/authorisation_matrix.py:\n" + "\n".join(missing)
    assert not gone, "rows of hoanhap/tests/authorisation_matrix.py whose URL no longer exists:\n" + "\n".join(gone)


def test_every_registered_admin_model_has_an_entry():
    registered = {model._meta.label_lower for model in admin.site._registry}
    listed = {entry.label for entry in matrix.ADMIN_MODELS}
    assert registered - listed == set(), "admin models without an entry in ADMIN_MODELS"
    assert listed - registered == set(), "ADMIN_MODELS entries no longer registered in the admin"


def test_the_table_decides_every_role_in_every_scope():
    for row in ROWS:
        assert len({r.name for r in ROWS if r.name == row.name}) == 1
        for answers in filter(None, (row.answers, row.post_answers)):
            assert set(answers) == set(ROLES), row.name
            for role in ROLES:
                assert set(answers[role]) == set(row.scopes), (row.name, role)
                assert all(isinstance(answer, Answer) for answer in answers[role].values())
                if role not in RECEIVING and Scope.ADDRESSED in row.scopes:
                    assert answers[role][Scope.ADDRESSED] == NA, (row.name, role)


# --- Requesting every row ----------------------------------------------------------------------------


def _records(world: World, role: str, scope: Scope):
    return {Scope.OWN: world.own, Scope.OTHER: world.other}.get(scope) or world.addressed_to(role)


def _admin_object(label: str):
    sample = admin_sample(apps.get_model(label))
    assert sample is not None, f"no {label} in the test database: give hoanhap/tests/world.py one"
    return sample


def _urls(row: Row, world: World, role: str, scope: Scope) -> list[str]:
    """The URLs of ``row`` for ``role`` in ``scope``: its record's, or the page's own."""
    target = row.target or ""
    if target in matrix.RECORD_TARGETS:
        records = _records(world, role, scope)
        record = records.case.person if target == "person" else getattr(records, target)
        return [reverse(row.name, args=[record.pk])]
    if target in world.installation:
        return [reverse(row.name, args=[world.installation[target].pk])]
    kind, _, label = target.partition(":")
    if kind == "admin_object":
        pk = _admin_object(label).pk
        if "/" in row.name:  # the unnamed redirect of an object's bare URL, named by its route
            return ["/" + row.name.replace("<path:object_id>", quote(str(pk), safe=""))]
        arg = "id" if row.name.endswith("password_change") else "object_id"
        return [reverse(row.name, kwargs={arg: pk})]
    if kind == "view_on_site":
        sample = _admin_object("support.regime")
        return [reverse(row.name, args=[ContentType.objects.get_for_model(sample).pk, sample.pk])]
    if kind == "app_label":
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return [reverse(row.name, kwargs={"app_label": label}) for label in labels]
    if kind == "unknown_admin_path":
        return [reverse("admin:index") + "khong-co-trang-nay/"]
    return [reverse(row.name)]


def classify(response) -> str:
    """The answer a response gives, in the matrix's words (or its status when it is none of them)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"])
        if location.path == resolve_url(settings.LOGIN_URL) and "next" in parse_qs(location.query):
            return matrix.LOGIN
        if location.path == reverse("admin:login"):
            return matrix.ADMIN_LOGIN
        try:
            name = resolve(location.path).url_name or ""
        except Resolver404:
            name = ""
        return "second factor page" if name.startswith("second_factor") else matrix.ALLOW
    if 200 <= status < 300 or status == 400:  # 400: a form sent empty, its input refused
        return matrix.ALLOW
    return {404: matrix.NOT_FOUND, 403: matrix.FORBIDDEN}.get(status, f"status {status}")


def _sign_in(client, world: World, role: str) -> None:
    if role == ANONYMOUS:
        client.logout()
    else:
        client.force_login(world.users[role])


def _leaks(response, world: World, role: str) -> list[str]:
    """Personal values a role with a narrow need to know must not be shown, found in the response."""
    if role not in NEED_TO_KNOW or not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return []
    body = response.content.decode()
    leaks = []
    for records in (world.own, world.other, world.addressed):
        shown = NEED_TO_KNOW[role] if records is world.addressed and role in RECEIVING else frozenset()
        for field, text in records.person.shown().items():
            if field not in shown and text in body:
                leaks.append(f"shows the {field} of the {records.case.code} person")
    return leaks


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_role_gets_what_the_matrix_says(client, world, row):
    # Given the records of every scope
    wrong = []
    for role in ROLES:
        for scope in row.scopes:
            for method in row.methods:
                expected = row.answer(role, scope, method)
                if expected == NA:
                    continue
                for url in _urls(row, world, role, scope):
                    # When the role requests the URL (a POST sends an empty form)
                    _sign_in(client, world, role)
                    response = client.get(url, row.query) if method == "GET" else client.post(url)
                    got = classify(response)
                    where = f"{role:<22} {scope:<24} {method:<5}"
                    if got != expected:
                        wrong.append(f"{where} expected {expected}, got {got}  ({url})")
                    wrong += [f"{where} {leak}" for leak in _leaks(response, world, role)]
    # Then every answer is the matrix's, and no page shows a person to a role that does not need it
    assert not wrong, f"{row.name}:\n" + "\n".join(wrong)


def test_the_need_to_know_check_finds_the_fields_pages_do_show(client, world):
    # Given the pages where the police, the Women's Union and the coordinator (everything held) see the person
    addressed = world.addressed
    pages = {
        matrix.POLICE: reverse("cases:verification_answer", args=[addressed.verification.pk]),
        matrix.WOMENS_UNION: reverse(
            "support:referral_detail", args=[world.addressed_to(matrix.WOMENS_UNION).referral.pk]
        ),
        matrix.COORDINATOR: reverse("privacy:subject_access", args=[addressed.case.person.pk]),
    }
    for role, url in pages.items():
        # When the role opens its page
        _sign_in(client, world, role)
        body = client.get(url).content.decode()
        # Then the fields it needs are there, written as the leak check looks for them
        needed = NEED_TO_KNOW.get(role, frozenset(matrix.PERSONAL_FIELDS))
        assert needed and all(addressed.person.shown()[field] in body for field in needed), role


def test_static_files_are_public(client):
    # Static files are served by WhiteNoise before any URL pattern: nobody needs to be signed in
    assert client.get(static("vendor/htmx/htmx.min.js")).status_code == 200


# --- Refused requests change nothing --------------------------------------------------------------------


def _state() -> dict[str, object]:
    """What a refused request could have changed: counts and states of every kind of record, and the trail."""
    return {
        "cases": sorted(Case.objects.values_list("code", "status", "identification_status", "version")),
        "intakes": Intake.objects.count(),
        "consents": Consent.objects.count(),
        "documents": Document.objects.count(),
        "visits": FollowUpVisit.objects.count(),
        "verifications": sorted(VerificationRequest.objects.values_list("id", "status", "version")),
        "decisions": sorted(SupportDecision.objects.values_list("id", "status", "version")),
        "deliveries": SupportDelivery.objects.count(),
        "applications": sorted(SupportApplication.objects.values_list("id", "status", "version")),
        "referrals": sorted(Referral.objects.values_list("id", "status", "version")),
        "rules": RegimeRule.objects.count(),
        "events": AuditEvent.objects.exclude(action=AuditAction.ACCESS_DENIED).count(),
    }


def _refused_posts(world: World) -> list[tuple[str, str, dict[str, Any], str]]:
    """Valid forms sent by roles the matrix refuses: (role, url, data, the role the same form works for)."""
    own, addressed = world.own, world.addressed
    union_referral = world.addressed_referrals[matrix.WOMENS_UNION]
    close = {"closed_on": "01/10/2025", "reason": "reintegrated", "explanation": "", "version": own.case.version}
    answer = {
        "outcome": "identified",
        "answered_on": "01/10/2025",
        "document_number": "18/GXN",
        "document_date": "01/10/2025",
    }
    delivery = {
        "delivered_on": "01/10/2025",
        "amount_vnd": "500.000",
        "agency": world.personas.social_agency.pk,
        "evidence": "Phiếu chi 3/PC",
        "version": own.decision.version,
    }
    visit = {"visited_on": "01/10/2025", "notes": "Gia đình ổn định", "next_visit_on": ""}
    return [
        (matrix.OUTSIDER, reverse("cases:visit_record", args=[own.case.pk]), visit, matrix.COMMUNE_OFFICER),
        (matrix.INSPECTOR, reverse("support:delivery_new", args=[own.decision.pk]), delivery, matrix.COORDINATOR),
        (
            matrix.POLICE,
            reverse("cases:verification_answer", args=[own.verification.pk]),
            answer | {"version": own.verification.version},
            "",
        ),
        (
            matrix.COORDINATOR,
            reverse("cases:verification_answer", args=[addressed.verification.pk]),
            answer | {"version": addressed.verification.version},
            matrix.POLICE,
        ),
        (
            matrix.POLICE,
            reverse("cases:verification_cancel", args=[addressed.verification.pk]),
            {"version": addressed.verification.version},
            "",
        ),
        (
            matrix.LEGAL_AID,
            reverse("support:referral_accept", args=[union_referral.pk]),
            {"responded_on": "01/10/2025", "version": union_referral.version},
            matrix.WOMENS_UNION,
        ),
        (
            matrix.COORDINATOR,
            reverse("support:referral_accept", args=[own.referral.pk]),
            {"responded_on": "01/10/2025", "version": own.referral.version},
            "",
        ),
        (
            matrix.ADMIN,
            reverse("support:referral_offline_outcome", args=[own.offline_referral.pk]),
            {"outcome": "accepted", "on": "01/10/2025", "reason": "", "version": own.offline_referral.version},
            "",
        ),
        (ANONYMOUS, reverse("cases:consent_record", args=[own.case.pk]), {"scope": "services", "granted": "on"}, ""),
        # Last: closing the case ends what the forms above may do to it.
        (matrix.READER, reverse("cases:case_close", args=[own.case.pk]), close, matrix.COORDINATOR),
    ]


def test_refused_requests_change_nothing_and_the_same_form_works_for_who_may(client, world):
    for role, url, data, allowed in _refused_posts(world):
        # Given the state of every record
        before = _state()
        # When a role the matrix refuses sends a valid form
        _sign_in(client, world, role)
        response = client.post(url, data)
        # Then it is refused and nothing changed
        assert classify(response) in (matrix.NOT_FOUND, matrix.FORBIDDEN, matrix.LOGIN), (role, url)
        assert _state() == before, (role, url)
        if allowed:
            # And the same form from a role that may send it does change something: it was valid
            _sign_in(client, world, allowed)
            client.post(url, data)
            assert _state() != before, (allowed, url)


# --- The admin -----------------------------------------------------------------------------------------


def test_the_audit_trail_cannot_be_changed_or_deleted_in_the_admin(client, world):
    # Given the system administrator and an event of the trail
    client.force_login(world.personas.admin)
    event = AuditEvent.objects.order_by("sequence").first()
    before = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "chain_hash", "changes"))
    changelist = reverse("admin:audit_auditevent_changelist")
    # When they try to change it, delete it, or delete events from the list
    change = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"verb": "x"})
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    bulk = client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    # Then the change and the deletion are refused, the list offers no deletion, and the trail is intact
    assert change.status_code == 403 and delete.status_code == 403
    assert bulk.status_code in (200, 302)
    assert "delete_selected" not in client.get(changelist).content.decode()
    after = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "chain_hash", "changes"))
    assert after[: len(before)] == before


@pytest.mark.parametrize("superuser", [False, True], ids=["staff", "staff superuser"])
def test_the_staff_flag_without_the_administrator_role_opens_no_admin_page(client, world, superuser):
    # Given a coordinator wrongly marked as staff (or even superuser) in the user table
    coordinator = User.objects.get(pk=world.personas.coordinator.pk)
    coordinator.is_staff, coordinator.is_superuser = True, superuser
    coordinator.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(coordinator)
    # When they open admin pages, following where they are sent
    answers = {
        name: client.get(reverse(name), follow=True).status_code
        for name in ("admin:index", "admin:password_change", "admin:agencies_membership_changelist")
    }
    # Then every one ends refused
    assert set(answers.values()) == {403}, answers
