"""The review pages: list, new review, figures, edit, and the .docx download."""

from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from oversight import errors
from oversight.models import Review, ReviewFigure
from support.paperwork.layout import DOCX_CONTENT_TYPE, MOTTO, NATIONAL_NAME
from support.tests.paperwork.helpers import all_text, opened

LIST = reverse("oversight:review_list")
NEW = reverse("oversight:review_new")


def _form(personas, **changes):
    data = {
        "kind": "final",
        "title": "Chương trình phòng, chống mua bán người giai đoạn 2021-2025",
        "unit": personas.hai_phong.pk,
        "period_start": "01/01/2021",
        "period_end": "31/12/2025",
        "narrative": "Kết quả nổi bật.\nHạn chế.",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_a_review_and_its_figures(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _form(personas))
    review = Review.objects.get()
    detail = reverse("oversight:review_detail", args=[review.pk])
    assert response.status_code == 302 and response.url == detail
    url = reverse("oversight:review_figure_new", args=[review.pk])
    response = client.post(
        url, {"label": "Lượt người được tuyên truyền", "value": "4.670", "measure": "instances", "version": 1}
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Lượt người được tuyên truyền" in page and "4.670" in page and "Kết quả nổi bật." in page


def test_bad_input_gets_messages_and_changes_nothing(client, personas, review, shown):
    client.force_login(personas.coordinator)
    page = client.post(NEW, _form(personas, period_end="01/01/2020")).content.decode()
    assert shown(errors.PERIOD_REVERSED.message) in page
    page = client.post(NEW, _form(personas, kind="yearly")).content.decode()
    assert "kind" in page
    assert Review.objects.count() == 1
    url = reverse("oversight:review_figure_new", args=[review.pk])
    response = client.post(url, {"label": "Số người", "value": "bốn", "measure": "persons", "version": 1})
    assert response.status_code == 200
    assert shown("Enter a whole number, for example 4.670.") in response.content.decode()
    assert not ReviewFigure.objects.exists()


def test_who_may_see_and_keep_reviews(client, personas, inspector, review):
    detail = reverse("oversight:review_detail", args=[review.pk])
    edit = reverse("oversight:review_edit", args=[review.pk])
    download = reverse("oversight:review_download", args=[review.pk])
    figure = reverse("oversight:review_figure_new", args=[review.pk])
    for persona in (personas.coordinator, personas.reader, inspector, personas.ministry):
        client.force_login(persona)
        assert client.get(LIST).status_code == 200
        assert client.get(detail).status_code == 200
        assert client.get(download).status_code == 200
    for persona in (personas.reader, inspector, personas.ministry):
        client.force_login(persona)
        assert client.get(NEW).status_code == 403
        assert client.get(edit).status_code == 403
        assert client.post(figure, {"label": "x", "value": "1", "measure": "count", "version": 1}).status_code == 403
    for persona in (personas.outsider, personas.commune_officer, personas.border_guard):
        client.force_login(persona)
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
        assert client.post(figure, {"label": "x", "value": "1", "measure": "count", "version": 1}).status_code == 404
    assert not ReviewFigure.objects.exists()


def test_wrong_methods_are_refused(client, personas, review):
    client.force_login(personas.coordinator)
    assert client.post(LIST).status_code == 405
    assert client.post(reverse("oversight:review_download", args=[review.pk])).status_code == 405
    assert client.get(reverse("oversight:review_figure_new", args=[review.pk])).status_code == 405


def test_a_figure_is_removed_from_the_page(client, personas, review):
    client.force_login(personas.coordinator)
    client.post(
        reverse("oversight:review_figure_new", args=[review.pk]),
        {"label": "Số người", "value": "3", "measure": "persons", "version": 1},
    )
    figure = ReviewFigure.objects.get()
    url = reverse("oversight:review_figure_delete", args=[figure.pk])
    client.force_login(personas.reader)
    assert client.post(url, {"version": 2}).status_code == 403
    client.force_login(personas.coordinator)
    assert client.get(url).status_code == 405
    assert client.post(url, {"version": 2}).status_code == 302
    assert not ReviewFigure.objects.exists()


def test_the_review_downloads_as_a_document_in_the_administrative_layout(client, personas, review):
    # Given an interim review with two figures
    client.force_login(personas.coordinator)
    url = reverse("oversight:review_figure_new", args=[review.pk])
    client.post(url, {"label": "Nạn nhân được hỗ trợ", "value": "41", "measure": "persons", "version": 1})
    client.post(url, {"label": "Kinh phí hỗ trợ", "value": "612.000.000", "measure": "vnd", "version": 2})
    # When the reader downloads it
    client.force_login(personas.reader)
    response = client.get(reverse("oversight:review_download", args=[review.pk]))
    # Then a .docx named by the period comes back, not cached, and its export is audited
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-so-ket-2021-2023.docx"'
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(verb="review_export")
    assert event.action == AuditAction.EXPORT and event.actor == personas.reader
    # And the document has the heading, the title, the period, the figures and the narrative
    document = opened(response.content)
    text = all_text(document)
    assert NATIONAL_NAME in text and MOTTO in text and "SỞ Y TẾ THÀNH PHỐ HẢI PHÒNG" in text
    assert "BÁO CÁO SƠ KẾT" in text
    assert f"{review.title}, giai đoạn 01/01/2021 - 31/12/2023" in text
    assert "Địa bàn: " + personas.hai_phong.name in text
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
        ["1", "Nạn nhân được hỗ trợ", "Người", "41"],
        ["2", "Kinh phí hỗ trợ", "Đồng", "612.000.000"],
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert "Công tác tiếp nhận được triển khai kịp thời." in paragraphs and "Còn hạn chế về kinh phí." in paragraphs
    assert "Nơi nhận:" in text


def test_a_review_without_figures_says_so(client, personas, review):
    client.force_login(personas.coordinator)
    document = opened(client.get(reverse("oversight:review_download", args=[review.pk])).content)
    assert "Chưa có số liệu." in all_text(document)


def test_the_figures_are_computed_from_the_page(client, personas, inspector, review):
    # Given the review's page and the button to compute its figures
    url = reverse("oversight:review_figures_fill", args=[review.pk])
    detail = reverse("oversight:review_detail", args=[review.pk])
    client.force_login(personas.coordinator)
    assert url in client.get(detail).content.decode()
    # When others try, or the wrong method is used
    for persona, status in ((personas.reader, 403), (inspector, 403), (personas.outsider, 404)):
        client.force_login(persona)
        assert client.post(url, {"version": 1}).status_code == status
    client.force_login(personas.coordinator)
    assert client.get(url).status_code == 405
    # Then nothing is computed
    assert not ReviewFigure.objects.exists()
    # When the coordinator computes them
    response = client.post(url, {"version": 1}, follow=True)
    # Then the page shows the figures computed from the records, each once
    page = response.content.decode()
    assert response.redirect_chain[-1] == (detail, 302)
    assert ReviewFigure.objects.filter(review=review, indicator_code="persons_supported", value=0).count() == 1
    assert ReviewFigure.objects.get(review=review, indicator_code="support_amount").value_text in page
    # And a stale page gets a message and changes nothing
    response = client.post(url, {"version": 1}, follow=True)
    assert Review.objects.get().version == 2
    assert list(response.context["messages"])
