"""Interim and final reviews: the period, the figures entered by hand, the narrative."""

import datetime

import pytest

from audit.models import AuditEvent
from core.errors import PERMISSION_DENIED, STALE_VERSION, DomainError
from oversight import errors
from oversight.models import FigureSource, Measure, Review, ReviewFigure, ReviewKind
from oversight.services import (
    review_figure_remove,
    review_figure_set,
    review_figures_compute,
    review_record,
    review_update,
)
from reports.tests.helpers import supported_case


def test_the_coordinator_starts_a_review_reported_by_their_agency(personas, review):
    assert review.agency == personas.social_agency and review.kind == ReviewKind.INTERIM
    event = AuditEvent.objects.get(verb="review_record")
    assert event.object_id == str(review.pk) and event.changes["period_end"] == "2023-12-31"


def test_a_period_must_run_forward_and_the_kind_be_known(personas):
    fields = {
        "actor": personas.coordinator,
        "kind": ReviewKind.FINAL,
        "title": "Chương trình 2021-2025",
        "unit": personas.hai_phong,
        "period_start": datetime.date(2025, 12, 31),
        "period_end": datetime.date(2021, 1, 1),
    }
    with pytest.raises(DomainError) as refused:
        review_record(**fields)
    assert refused.value.code == errors.PERIOD_REVERSED.code
    with pytest.raises(DomainError) as refused:
        review_record(
            **{
                **fields,
                "period_start": datetime.date(2021, 1, 1),
                "period_end": datetime.date(2025, 12, 31),
                "kind": "yearly",
            }
        )
    assert refused.value.code == errors.REVIEW_KIND_INVALID.code
    with pytest.raises(DomainError) as refused:
        review_record(**{**fields, "actor": personas.reader})
    assert refused.value.code == PERMISSION_DENIED.code
    assert not Review.objects.exists()


def test_figures_are_entered_replaced_by_name_and_removed(personas, review):
    # Given a new review
    # When two figures are entered and the first one corrected
    review_figure_set(
        actor=personas.coordinator,
        review=review,
        label="Nạn nhân được hỗ trợ",
        value=41,
        measure="persons",
        expected_version=1,
    )
    review_figure_set(
        actor=personas.coordinator,
        review=review,
        label="Kinh phí hỗ trợ",
        value=612_000_000,
        measure="vnd",
        expected_version=2,
    )
    figure = review_figure_set(
        actor=personas.coordinator,
        review=review,
        label="  Nạn nhân   được hỗ trợ ",
        value=43,
        measure="persons",
        expected_version=3,
    )
    # Then there are two figures in the order entered, the first at its new value, each change audited
    assert list(ReviewFigure.objects.values_list("label", "value", "source")) == [
        ("Nạn nhân được hỗ trợ", 43, FigureSource.ENTERED),
        ("Kinh phí hỗ trợ", 612_000_000, FigureSource.ENTERED),
    ]
    assert AuditEvent.objects.filter(verb="review_figure_set").count() == 3
    last = AuditEvent.objects.filter(verb="review_figure_set").order_by("-sequence").first()
    assert last.changes["value"] == {"from": 41, "to": 43}
    assert ReviewFigure.objects.get(label="Kinh phí hỗ trợ").value_text == "612.000.000 ₫"
    # And a figure is removed with the review's version
    review_figure_remove(actor=personas.coordinator, figure=figure, expected_version=4)
    assert ReviewFigure.objects.count() == 1
    assert AuditEvent.objects.filter(verb="review_figure_remove").count() == 1
    with pytest.raises(DomainError) as refused:
        review_figure_remove(actor=personas.coordinator, figure=ReviewFigure.objects.get(), expected_version=4)
    assert refused.value.code == STALE_VERSION.code


def test_bad_figures_are_refused(personas, review, inspector):
    for label, value, error in (("", 1, errors.FIGURE_LABEL_REQUIRED), ("Số lượt", -1, errors.FIGURE_NEGATIVE)):
        with pytest.raises(DomainError) as refused:
            review_figure_set(
                actor=personas.coordinator, review=review, label=label, value=value, measure="count", expected_version=1
            )
        assert refused.value.code == error.code
    with pytest.raises(DomainError) as refused:
        review_figure_set(actor=inspector, review=review, label="Số lượt", value=1, measure="count", expected_version=1)
    assert refused.value.code == PERMISSION_DENIED.code
    assert not ReviewFigure.objects.exists()


def test_a_figure_computed_from_the_records_is_not_changed_by_hand(personas, review):
    # Given a figure the reports filled in by its indicator code
    ReviewFigure.objects.create(
        review=review,
        label="Người được hỗ trợ",
        indicator_code="persons_supported",
        value=50,
        measure=Measure.PERSONS,
        source=FigureSource.COMPUTED,
    )
    # When someone enters a figure of the same name, or removes it
    with pytest.raises(DomainError) as refused:
        review_figure_set(
            actor=personas.coordinator,
            review=review,
            label="Người được hỗ trợ",
            value=1,
            measure="persons",
            expected_version=1,
        )
    # Then it is refused
    assert refused.value.code == errors.FIGURE_COMPUTED.code
    with pytest.raises(DomainError) as refused:
        review_figure_remove(actor=personas.coordinator, figure=ReviewFigure.objects.get(), expected_version=1)
    assert refused.value.code == errors.FIGURE_COMPUTED.code
    assert ReviewFigure.objects.get().value == 50


def test_the_narrative_is_edited_with_the_version(personas, review):
    fields = {
        "kind": review.kind,
        "title": review.title,
        "unit": review.unit,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "narrative": "Đoạn một.\nĐoạn hai.",
    }
    changed = review_update(actor=personas.coordinator, review=review, expected_version=1, **fields)
    assert changed.version == 2 and changed.narrative == "Đoạn một.\nĐoạn hai."
    assert "narrative" in AuditEvent.objects.get(verb="review_update").changes
    with pytest.raises(DomainError) as refused:
        review_update(actor=personas.coordinator, review=review, expected_version=1, **fields)
    assert refused.value.code == STALE_VERSION.code


def test_the_figures_are_computed_from_the_records_of_the_period_and_area(personas, review):
    # Given a case of Hải Phòng (on the old map) supported twice in the review's period, one supported after it,
    # and a figure entered by hand
    supported_case(
        personas,
        received_on=datetime.date(2022, 3, 1),
        amounts=(1_000_000, 2_000_000),
        home_unit=personas.legacy_commune,
    )
    supported_case(
        personas, received_on=datetime.date(2024, 3, 1), full_name="Lê Thị Hoa", home_unit=personas.legacy_commune
    )
    review_figure_set(
        actor=personas.coordinator,
        review=review,
        label="Số xã có mô hình",
        value=12,
        measure="count",
        expected_version=1,
    )
    # When the coordinator computes the figures
    computed = review_figures_compute(actor=personas.coordinator, review=review, expected_version=2)
    # Then each headline indicator is a computed figure of the period only, the hand-entered one stays
    figures = {figure.indicator_code or figure.label: figure for figure in computed.figures.all()}
    assert figures["persons_supported"].value == 1
    assert figures["support_instances"].value == 2
    assert figures["support_amount"].value == 3_000_000
    assert figures["support_amount"].measure == Measure.VND
    assert figures["support_amount"].value_text == "3.000.000 ₫"
    assert figures["persons_supported"].source == FigureSource.COMPUTED
    assert figures["Số xã có mô hình"].value == 12
    assert figures["Số xã có mô hình"].source == FigureSource.ENTERED
    assert computed.version == 3
    event = AuditEvent.objects.get(verb="review_figures_compute")
    assert event.changes["support_amount"] == {"from": None, "to": 3_000_000}


def test_computing_again_updates_the_figures_and_a_stale_version_changes_nothing(personas, review):
    # Given figures computed once, then another delivery in the period
    review_figures_compute(actor=personas.coordinator, review=review, expected_version=1)
    supported_case(
        personas, received_on=datetime.date(2023, 5, 1), amounts=(500_000,), home_unit=personas.legacy_commune
    )
    # When a stale page computes them again
    with pytest.raises(DomainError) as refused:
        review_figures_compute(actor=personas.coordinator, review=review, expected_version=1)
    # Then nothing changed
    assert refused.value.code == STALE_VERSION.code
    assert ReviewFigure.objects.get(review=review, indicator_code="support_amount").value == 0
    # When the current page computes them again
    review_figures_compute(actor=personas.coordinator, review=review, expected_version=2)
    # Then the figure is updated in place, not added twice
    assert ReviewFigure.objects.get(review=review, indicator_code="support_amount").value == 500_000
    assert ReviewFigure.objects.filter(review=review, indicator_code="support_amount").count() == 1


def test_only_who_keeps_reviews_computes_their_figures(personas, review, inspector):
    with pytest.raises(DomainError) as refused:
        review_figures_compute(actor=inspector, review=review, expected_version=1)
    assert refused.value.code == PERMISSION_DENIED.code
    assert not ReviewFigure.objects.exists()
