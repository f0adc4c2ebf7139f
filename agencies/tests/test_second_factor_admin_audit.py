"""Every change of users and memberships in the administration is audited as a permission change."""

import pytest
from django.urls import reverse

from agencies.models import Membership, Role, TotpAuthenticator
from agencies.tests.helpers import enrol
from audit.models import AuditAction, AuditEvent


@pytest.fixture
def administrator(client, personas):
    personas.admin.is_superuser = True  # the Django admin's own model permissions
    personas.admin.save()
    client.force_login(personas.admin)  # a fresh second factor
    return personas.admin


def _permission_changes():  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(action=AuditAction.PERMISSION_CHANGE).order_by("sequence")


def _user_form(user, memberships, **overrides):  # type: ignore[no-untyped-def]
    """What the user change page sends back, with ``overrides``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for m in memberships if m.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for number, membership in enumerate(memberships):
        for key, value in membership.items():
            data[f"memberships-{number}-{key}"] = value
        data[f"memberships-{number}-user"] = str(user.pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_role_change_of_a_membership_is_audited_before_and_after(client, personas, administrator):
    # Given the coordinator's membership
    membership = Membership.objects.get(user=personas.coordinator)
    # When the administrator makes it read-only and limits its validity
    response = client.post(
        reverse("admin:agencies_membership_change", args=[membership.pk]),
        {
            "user": personas.coordinator.pk,
            "agency": membership.agency_id,
            "role": Role.CASE_VIEWER,
            "valid_to": "31/12/2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    # Then one permission change records the role and validity, old and new
    (event,) = _permission_changes()
    assert event.verb == "membership_change" and event.actor == personas.admin
    assert event.object_type == "agencies.membership" and event.object_id == str(membership.pk)
    assert event.changes == {
        "role": {"from": Role.PROVINCIAL_COORDINATOR, "to": Role.CASE_VIEWER},
        "valid_to": {"from": None, "to": "2026-12-31"},
        "for_user": str(personas.coordinator.pk),
    }


def test_saving_a_membership_unchanged_writes_nothing(client, personas, administrator):
    membership = Membership.objects.get(user=personas.coordinator)
    client.post(
        reverse("admin:agencies_membership_change", args=[membership.pk]),
        {"user": personas.coordinator.pk, "agency": membership.agency_id, "role": membership.role, "is_active": "on"},
    )
    assert not _permission_changes().exists()


def test_adding_and_deleting_a_membership_are_audited(client, personas, administrator):
    response = client.post(
        reverse("admin:agencies_membership_add"),
        {
            "user": personas.reader.pk,
            "agency": personas.police_agency.pk,
            "role": Role.POLICE_OFFICER,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = Membership.objects.get(user=personas.reader, role=Role.POLICE_OFFICER)
    response = client.post(reverse("admin:agencies_membership_delete", args=[added.pk]), {"post": "yes"})
    assert response.status_code == 302
    created, deleted = _permission_changes()
    assert created.verb == "membership_create" and created.changes["role"] == Role.POLICE_OFFICER
    assert created.changes["user"] == str(personas.reader.pk)
    assert deleted.verb == "membership_delete" and deleted.object_id == str(added.pk)
    assert deleted.changes["deleted"]["agency"] == personas.police_agency.pk


def test_user_flags_and_inline_memberships_changed_on_the_user_page_are_audited(client, personas, administrator):
    # Given the reader, with one membership
    reader = personas.reader
    membership = Membership.objects.get(user=reader)
    kept = {"id": str(membership.pk), "agency": str(membership.agency_id), "role": membership.role, "is_active": "on"}
    new = {"agency": str(personas.police_agency.pk), "role": Role.POLICE_OFFICER, "is_active": "on"}
    # When the administrator makes them staff and adds a police membership on the user page
    response = client.post(
        reverse("admin:agencies_user_change", args=[reader.pk]),
        _user_form(reader, [kept, new], is_staff="on"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # Then the flag change and the new membership are permission changes
    verbs = {event.verb: event for event in _permission_changes()}
    assert verbs["user_change"].changes == {"is_staff": {"from": False, "to": True}}
    assert verbs["user_change"].object_id == str(reader.pk)
    assert verbs["membership_create"].changes["role"] == Role.POLICE_OFFICER


def test_a_membership_deleted_on_the_user_page_is_audited(client, personas, administrator):
    reader = personas.reader
    membership = Membership.objects.get(user=reader)
    removed = {
        "id": str(membership.pk),
        "agency": str(membership.agency_id),
        "role": membership.role,
        "is_active": "on",
        "DELETE": "on",
    }
    response = client.post(reverse("admin:agencies_user_change", args=[reader.pk]), _user_form(reader, [removed]))
    assert response.status_code == 302
    (event,) = _permission_changes()
    assert event.verb == "membership_delete" and event.object_id == str(membership.pk)
    assert not Membership.objects.filter(user=reader).exists()


def test_the_admin_action_resets_a_users_second_factor(client, personas, administrator):
    # Given a coordinator who lost the phone of their app
    enrol(personas.coordinator)
    # When the administrator resets it from the user list
    response = client.post(
        reverse("admin:agencies_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(personas.coordinator.pk)]},
    )
    # Then the app is gone (set up again at the next sign-in) and the reset is audited
    assert response.status_code == 302
    assert not TotpAuthenticator.objects.filter(user=personas.coordinator).exists()
    (event,) = _permission_changes()
    assert event.verb == "second_factor_reset" and event.object_id == str(personas.coordinator.pk)
