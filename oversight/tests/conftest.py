"""Oversight test data on top of the shared personas: an inspector of Hải Phòng, and records."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape

from agencies.models import Agency, AgencyType, Membership, Role, User
from core.testing.personas import PASSWORD
from oversight.models import Inspection, Recommendation, Review, ReviewKind, TrainingCourse
from oversight.services import inspection_record, recommendation_add, review_record, training_course_record


@pytest.fixture
def inspectorate(personas) -> Agency:
    return Agency.objects.create(
        code="hp-thanh-tra",
        name="Thanh tra thành phố Hải Phòng",
        agency_type=AgencyType.INSPECTION,
        unit=personas.hai_phong,
    )


@pytest.fixture
def inspector(inspectorate) -> User:
    user = User.objects.create_user(username="thanhtra", password=PASSWORD)
    Membership.objects.create(user=user, agency=inspectorate, role=Role.INSPECTOR)
    return user


@pytest.fixture
def training(personas) -> TrainingCourse:
    """A two-day course in Hải Phòng, September 2025, 45.000.000 ₫."""
    return training_course_record(
        actor=personas.coordinator,
        title="Tập huấn nghiệp vụ hỗ trợ nạn nhân bị mua bán",
        organiser=personas.social_agency,
        unit=personas.hai_phong,
        starts_on=datetime.date(2025, 9, 10),
        ends_on=datetime.date(2025, 9, 11),
        topics="Luật Phòng, chống mua bán người 2024; quy trình xác định và hỗ trợ nạn nhân",
        funding_vnd=45_000_000,
        funding_source="Ngân sách thành phố",
    )


@pytest.fixture
def inspection(personas, inspector) -> Inspection:
    """An inspection of the commune's People's Committee on 15/09/2025, with victim support checked."""
    return inspection_record(
        actor=inspector,
        unit=personas.commune,
        inspected_agency=personas.commune_committee,
        inspected_on=datetime.date(2025, 9, 15),
        team="Trưởng đoàn: Thanh tra viên chính; 2 thành viên",
        findings="Hồ sơ hỗ trợ lưu trữ chưa đầy đủ.",
        includes_victim_support=True,
        victim_support_findings="Chi trả trợ cấp ban đầu đúng hạn.",
    )


@pytest.fixture
def recommendation(inspection, inspector) -> Recommendation:
    """Due on 31/10/2025: overdue by the time these tests run."""
    return recommendation_add(
        actor=inspector,
        inspection=inspection,
        text="Bổ sung sổ theo dõi hồ sơ nạn nhân.",
        due_on=datetime.date(2025, 10, 31),
    )


@pytest.fixture
def review(personas) -> Review:
    return review_record(
        actor=personas.coordinator,
        kind=ReviewKind.INTERIM,
        title="Kế hoạch thực hiện Chương trình phòng, chống mua bán người",
        unit=personas.hai_phong,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        narrative="Công tác tiếp nhận được triển khai kịp thời.\nCòn hạn chế về kinh phí.",
    )


@pytest.fixture
def shown():
    """The HTML of a message (with its placeholders filled in) as a page shows it in Vietnamese."""

    def text(message, **params) -> str:
        with translation.override("vi"):
            translated = translation.gettext(str(message))
        return escape(translated % params if params else translated)

    return text
