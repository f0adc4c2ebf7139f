"""The application for support (đơn đề nghị hỗ trợ) of a case, as an editable .docx."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from people.models import Person
from support.models import Regime
from support.paperwork.layout import DOCX_CONTENT_TYPE, MOTTO, NATIONAL_NAME
from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import all_text, decided, opened, runs_with_text


@pytest.fixture
def case(personas):
    case = identified_case(personas, received_on=datetime.date(2025, 9, 2), identity_number="031198001234")
    Person.objects.filter(pk=case.person_id).update(address_detail="Thôn Đông, số 12")
    return case


def _download(client, case, *regimes):
    url = reverse("support:paperwork:application_download", args=[case.pk])
    return client.get(url, {"regimes": list(regimes)})


def test_the_choice_page_ticks_the_regimes_not_yet_decided(client, personas, case):
    # Given a case that already has a decision on vocational training
    decided(personas, case, "vocational_training", on=datetime.date(2025, 9, 10), amount_vnd=3_000_000)
    client.force_login(personas.coordinator)
    # When the coordinator opens the application page
    response = client.get(reverse("support:paperwork:application", args=[case.pk]))
    # Then the regimes granted on application are offered, the decided one unticked
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="initial_hardship"' in page and 'value="vocational_training"' in page
    assert re.search(r'value="initial_hardship"[^>]*checked', page)
    assert re.search(r'value="education"[^>]*checked', page)
    assert not re.search(r'value="vocational_training"[^>]*checked', page)
    assert not AuditEvent.objects.filter(verb="application_export").exists()


def test_the_application_is_prefilled_in_administrative_layout_and_audited(client, personas, case):
    # Given the coordinator of the province
    client.force_login(personas.coordinator)
    # When they download the application with the initial hardship allowance ticked
    response = _download(client, case, "initial_hardship")
    # Then a .docx comes back as an attachment named by the case code only, never cached
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="don-de-nghi-ho-tro-{case.code}.docx"'
    assert response["Cache-Control"] == "no-store"
    document = opened(response.content)
    text = all_text(document)
    # with the national name and motto, the title and the person's details
    assert NATIONAL_NAME in text and MOTTO in text
    (national_name,) = runs_with_text(document, NATIONAL_NAME)
    assert national_name.bold and not national_name.italic
    (motto,) = runs_with_text(document, MOTTO)
    assert motto.bold and motto.underline
    assert "ĐƠN ĐỀ NGHỊ HỖ TRỢ" in text
    assert "Kính gửi: Sở Y tế thành phố Hải Phòng" in text
    assert "Họ và tên: Nguyễn Thị Hòa" in text
    assert "Giới tính: Nữ" in text
    assert "Ngày, tháng, năm sinh: 12/04/1998" in text
    assert "031198001234" in text
    assert f"Thôn Đông, số 12, {personas.commune.name}" in text
    assert "Giấy xác nhận số 1/GXN" in text
    # the chosen regime ticked and the others left for the person
    lines = text.splitlines()
    assert f"☒ {Regime.objects.get(code='initial_hardship').name_vi}" in lines
    assert f"☐ {Regime.objects.get(code='education').name_vi}" in lines
    # a blank place and date line, the applicant's signature and the commune's confirmation
    assert ".........., ngày .... tháng .... năm ......" in text
    assert "NGƯỜI LÀM ĐƠN" in text and "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN CẤP XÃ" in text
    # And the export is audited on the case, with no personal value in the trail
    event = AuditEvent.objects.get(verb="application_export")
    assert (event.action, event.actor, event.object_id) == (AuditAction.EXPORT, personas.coordinator, str(case.pk))
    assert event.changes == {"document": "application", "regimes": ["initial_hardship"]}
    assert "Hòa" not in str(event.changes)


def test_the_document_is_a4_in_times_new_roman(client, personas, case):
    client.force_login(personas.coordinator)
    document = opened(_download(client, case).content)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_a_read_only_colleague_may_not_download_the_application(client, personas, case):
    # Given the read-only colleague, who may see the case (CASE_VIEW) but not names (PERSON_NAME_VIEW)
    client.force_login(personas.reader)
    # When they ask for the application, which names the person
    response = _download(client, case)
    # Then it is refused and nothing is exported
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="application_export").exists()


@pytest.mark.parametrize("who", ["outsider", "police_officer", "womens_union_officer", "ministry"])
@pytest.mark.parametrize("url_name", ["application", "application_download"])
def test_who_may_not_see_the_case_gets_not_found(client, personas, case, who, url_name):
    client.force_login(getattr(personas, who))
    response = client.get(reverse(f"support:paperwork:{url_name}", args=[case.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="application_export").exists()


def test_an_unknown_regime_is_refused_and_nothing_is_generated(client, personas, case):
    client.force_login(personas.coordinator)
    response = _download(client, case, "no_such_regime")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(verb="application_export").exists()


def test_wrong_method_and_anonymous(client, personas, case):
    url = reverse("support:paperwork:application_download", args=[case.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(personas.coordinator)
    assert client.post(url).status_code == 405
