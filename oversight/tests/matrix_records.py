"""Oversight records for the authorisation matrix (hoanhap/tests/world.py): one of each kind in a province."""

import datetime
from dataclasses import dataclass

from agencies.models import Agency, AgencyType, Membership, Role, User
from core.testing.personas import PASSWORD
from geo.models import AdminUnit
from oversight.models import Inspection, Recommendation, Review, ReviewFigure, ReviewKind, TrainingCourse
from oversight.services import (
    inspection_record,
    recommendation_add,
    review_figure_set,
    review_record,
    training_course_record,
)


@dataclass
class OversightRecords:
    training: TrainingCourse
    inspection: Inspection
    recommendation: Recommendation
    review: Review
    figure: ReviewFigure


def provincial_inspector(province: AdminUnit, code: str) -> User:
    """An inspector of a province's inspectorate (the matrix has one for Hải Phòng already)."""
    agency = Agency.objects.create(
        code=f"{code}-thanh-tra", name=f"Thanh tra {province.name}", agency_type=AgencyType.INSPECTION, unit=province
    )
    user = User.objects.create_user(username=f"thanhtra-{code}", password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=Role.INSPECTOR)
    return user


def oversight_records(
    *, coordinator: User, inspector: User, province: AdminUnit, commune: AdminUnit, inspected: Agency
) -> OversightRecords:
    """A training and a review kept by ``coordinator``, an inspection of ``commune`` with a recommendation."""
    lead = coordinator.memberships.get().agency
    training = training_course_record(
        actor=coordinator,
        title="Tập huấn cán bộ",
        organiser=lead,
        unit=province,
        starts_on=datetime.date(2025, 9, 10),
        ends_on=datetime.date(2025, 9, 11),
        topics="Quy trình hỗ trợ nạn nhân",
    )
    inspection = inspection_record(
        actor=inspector,
        unit=commune,
        inspected_agency=inspected,
        inspected_on=datetime.date(2025, 9, 15),
        team="Đoàn thanh tra",
        findings="Kết luận thanh tra",
    )
    recommendation = recommendation_add(
        actor=inspector, inspection=inspection, text="Kiến nghị", due_on=datetime.date(2025, 10, 31)
    )
    review = review_record(
        actor=coordinator,
        kind=ReviewKind.INTERIM,
        title="Chương trình 2021-2025",
        unit=province,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    figure = review_figure_set(
        actor=coordinator, review=review, label="Người được hỗ trợ", value=10, measure="persons", expected_version=1
    )
    review.refresh_from_db()
    return OversightRecords(training, inspection, recommendation, review, figure)
