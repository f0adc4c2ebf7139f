"""Awareness session pages: list with totals, the form, the spreadsheet import with its dry run."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import AwarenessSession

SESSION_FORM = {
    "held_on": "12/06/2025",
    "place": "Đồn Biên phòng",
    "audience_type": "border_residents",
    "attendees": "210",
    "leaflets": "500",
    "posters": "3",
    "other_materials": "0",
    "topics": "Phòng, chống mua bán người",
}
HEADER = "Ngày;Xã/phường;Địa điểm;Đối tượng;Số người;Tờ rơi;Áp phích;Nội dung"


def _sheet(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("buoi.csv", "\n".join([HEADER, *lines]).encode(), content_type="text/csv")


def test_a_border_guard_records_a_session(client, personas):
    client.force_login(personas.border_guard)
    assert client.get(reverse("programmes:session_new")).status_code == 200
    response = client.post(
        reverse("programmes:session_new"),
        {**SESSION_FORM, "agency": personas.border_guard_agency.pk, "unit": personas.commune.pk},
    )
    assert response.status_code == 302
    assert AwarenessSession.objects.get().agency == personas.border_guard_agency
    page = client.get(reverse("programmes:session_list")).content.decode()
    assert "<dd>210</dd>" in page and "<dd>500</dd>" in page


def test_a_border_guard_cannot_record_for_another_agency(client, personas):
    client.force_login(personas.border_guard)
    response = client.post(
        reverse("programmes:session_new"),
        {**SESSION_FORM, "agency": personas.womens_union.pk, "unit": personas.commune.pk},
    )
    assert response.status_code == 200 and not AwarenessSession.objects.exists()


def test_the_import_shows_problems_and_saves_nothing_then_imports_all(client, personas):
    client.force_login(personas.border_guard)
    url = reverse("programmes:session_import")
    assert client.get(url).status_code == 200
    commune = personas.commune.name
    # A sheet with one bad row: problems shown, nothing saved, nothing to confirm
    response = client.post(
        url,
        {
            "agency": personas.border_guard_agency.pk,
            "sheet": _sheet(f"12/06/2025;{commune};;Người dân;120;200;;PCMBN", f"13/06/2025;{commune};;Người dân;;;;"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "has-problems" in page and 'name="token"' not in page
    assert not AwarenessSession.objects.exists()
    # A confirmation without a current check imports nothing
    response = client.post(reverse("programmes:session_import_confirm"), {"token": "x"})
    assert response.status_code == 302 and not AwarenessSession.objects.exists()
    # A good sheet: checked, then imported in one go
    response = client.post(
        url,
        {
            "agency": personas.border_guard_agency.pk,
            "sheet": _sheet(
                f"12/06/2025;{commune};;Người dân;120;200;;PCMBN", f"13/06/2025;{commune};;Học sinh;80;;;Di cư"
            ),
        },
    )
    page = response.content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert not AwarenessSession.objects.exists()
    response = client.post(reverse("programmes:session_import_confirm"), {"token": token})
    assert response.status_code == 302 and AwarenessSession.objects.count() == 2
    # The same check cannot be imported twice
    client.post(reverse("programmes:session_import_confirm"), {"token": token})
    assert AwarenessSession.objects.count() == 2


def test_session_pages_permissions(client, personas):
    client.force_login(personas.reader)
    assert client.get(reverse("programmes:session_list")).status_code == 200
    assert client.get(reverse("programmes:session_new")).status_code == 403
    assert client.post(reverse("programmes:session_import"), {}).status_code == 403
    client.force_login(personas.police_officer)
    assert client.get(reverse("programmes:session_list")).status_code == 403
    client.force_login(personas.border_guard)
    assert client.get(reverse("programmes:session_import_confirm")).status_code == 405
    assert client.get(reverse("programmes:loan_list")).status_code == 403


def test_an_unreadable_file_gets_a_message(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("programmes:session_import"),
        {"agency": personas.womens_union.pk, "sheet": SimpleUploadedFile("a.xlsx", io.BytesIO(b"xx").read())},
    )
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
