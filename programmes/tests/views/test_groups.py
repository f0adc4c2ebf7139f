"""Peer group pages: list, creation, detail with members, the forms on a group, closing."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from programmes.models import GroupMeeting, GroupStatus, PeerGroup
from programmes.tests.helpers import group_in_hai_phong, group_with_both_kinds


def _member_rows(html: str) -> list[str]:
    section = html.split('id="members-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", section.split("<tbody>", 1)[1], flags=re.S)


def test_the_womens_union_creates_a_group_from_the_form(client, personas):
    # Given the Women's Union officer
    client.force_login(personas.womens_union_officer)
    assert client.get(reverse("programmes:group_new")).status_code == 200
    # When she posts a new group
    response = client.post(
        reverse("programmes:group_new"),
        {
            "name": "Nhóm Hoa Sen",
            "unit": personas.commune.pk,
            "founded_on": "01/03/2025",
            "organisers": [personas.commune_committee.pk],
        },
    )
    # Then it is created and she lands on its page
    group = PeerGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("programmes:group_detail", args=[group.pk])
    assert group.agency == personas.womens_union
    listed = client.get(reverse("programmes:group_list")).content.decode()
    assert "Nhóm Hoa Sen" in listed


def test_bad_input_shows_a_message_and_creates_nothing(client, personas):
    client.force_login(personas.womens_union_officer)
    response = client.post(
        reverse("programmes:group_new"), {"name": "", "unit": personas.commune.pk, "founded_on": "31/02/2025"}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not PeerGroup.objects.exists()


def test_members_who_are_victims_cannot_be_told_apart_outside_the_case(client, personas):
    # Given a group with the victim of a case and a woman who is not a victim
    group, case, _victim, _other = group_with_both_kinds(personas)
    url = reverse("programmes:group_detail", args=[group.pk])
    # When the Women's Union officer, who may not read the case, opens the group
    client.force_login(personas.womens_union_officer)
    page = client.get(url).content.decode()
    rows = _member_rows(page)
    # Then both members are shown with the same fields, no link, no case code, ordered by name
    assert len(rows) == 2
    assert "Phạm Thị Lan" in rows[0] and "Vũ Thị Hạnh" in rows[1]
    shape = [re.sub(r">[^<]*<", "><", row) for row in rows]
    assert shape[0] == shape[1]
    assert "<a " not in "".join(rows) and case.code not in page
    # And the read of their names is audited
    event = AuditEvent.objects.filter(verb="peer_group_members_view", actor=personas.womens_union_officer).get()
    assert event.action == AuditAction.READ and len(event.changes["persons"]) == 1
    # While the coordinator, who may read the case anyway, gets a link to it
    client.force_login(personas.coordinator)
    rows = _member_rows(client.get(url).content.decode())
    assert reverse("cases:detail", args=[case.pk]) in rows[0] and "<a " not in rows[1]


def test_the_group_list_counts_members_of_both_kinds_together(client, personas):
    group_with_both_kinds(personas)
    client.force_login(personas.womens_union_officer)
    page = client.get(reverse("programmes:group_list")).content.decode()
    assert '<td class="num" data-label="' in page and ">2</td>" in page


def test_meeting_form_records_a_meeting(client, personas):
    group = group_in_hai_phong(personas)
    client.force_login(personas.womens_union_officer)
    url = reverse("programmes:meeting_new", args=[group.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"held_on": "05/09/2025", "topic": "Chia sẻ kinh nghiệm", "attendance": "12"})
    assert response.status_code == 302 and GroupMeeting.objects.get().attendance == 12


@pytest.mark.parametrize("name", ["group_detail", "meeting_new", "funding_new", "member_new", "member_by_case_new"])
def test_an_outsider_gets_404_and_a_reader_403_on_forms(client, personas, name):
    group = group_in_hai_phong(personas)
    url = reverse(f"programmes:{name}", args=[group.pk])
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    client.force_login(personas.reader)
    assert client.get(url).status_code == (200 if name == "group_detail" else 403)
    if name != "group_detail":
        assert client.post(url, {}).status_code == 403


def test_wrong_methods_are_refused(client, personas):
    group = group_in_hai_phong(personas)
    client.force_login(personas.womens_union_officer)
    assert client.get(reverse("programmes:group_close", args=[group.pk])).status_code == 405
    assert client.post(reverse("programmes:group_detail", args=[group.pk])).status_code == 405
    assert client.delete(reverse("programmes:group_new")).status_code == 405


def test_closing_a_group(client, personas):
    group = group_in_hai_phong(personas)
    client.force_login(personas.womens_union_officer)
    response = client.post(
        reverse("programmes:group_close", args=[group.pk]), {"closed_on": "01/09/2025", "version": group.version}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.CLOSED
    # A stale form is refused with a message, nothing changes
    response = client.post(
        reverse("programmes:group_close", args=[group.pk]), {"closed_on": "02/09/2025", "version": 1}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()


def test_list_pages_need_the_capability(client, personas):
    client.force_login(personas.police_officer)
    assert client.get(reverse("programmes:group_list")).status_code == 403
    client.force_login(personas.border_guard)
    assert client.get(reverse("programmes:group_new")).status_code == 403
