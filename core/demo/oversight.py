"""Oversight demo records for Hải Phòng, created through the services like real data.

A training course for officials (September 2025), an inspection of the demo commune's
People's Committee with three recommendations (one followed up and done, one in progress
and past its due date, one open and due six months after ``today``) and the interim review
of 2021-2023 with its figures. Called by ``demo_seed`` after the cases, with the agencies and users it made:

    demo_oversight_create(units=units, agencies=agencies, users=users, today=today)

A second call finds the records by their titles and creates nothing.
"""

import datetime

from django.utils import timezone

from agencies.models import Agency, User
from core.demo import agencies as a
from core.demo import users as u
from core.demo.units import DemoUnits
from oversight.models import Inspection, Measure, RecommendationStatus, Review, ReviewKind, TrainingCourse
from oversight.services import (
    inspection_record,
    recommendation_add,
    recommendation_follow_up,
    review_figure_set,
    review_record,
    training_course_record,
    training_participants_set,
)

TRAINING_TITLE = "Tập huấn nghiệp vụ tiếp nhận, xác định và hỗ trợ nạn nhân bị mua bán năm 2025"
INSPECTION_DAY = datetime.date(2025, 9, 23)
REVIEW_TITLE = "Kế hoạch thực hiện Chương trình phòng, chống mua bán người giai đoạn 2021-2025 của thành phố"

# (indicator, value, unit of measure) of the interim review, entered by hand.
REVIEW_FIGURES = (
    ("Nạn nhân được tiếp nhận", 58, Measure.PERSONS),
    ("Nạn nhân được hỗ trợ", 52, Measure.PERSONS),
    ("Lượt hỗ trợ", 131, Measure.INSTANCES),
    ("Kinh phí hỗ trợ nạn nhân", 612_500_000, Measure.VND),
    ("Buổi tuyên truyền", 22, Measure.COUNT),
    ("Lượt người được tuyên truyền", 4_670, Measure.INSTANCES),
    ("Cán bộ được tập huấn", 240, Measure.PERSONS),
)
REVIEW_NARRATIVE = "\n".join(
    [
        "Công tác tiếp nhận, xác minh và hỗ trợ nạn nhân được triển khai kịp thời, đúng quy định; "
        "các sở, ngành và địa phương phối hợp chặt chẽ trong trao đổi thông tin.",
        "Mô hình nhóm đồng đẳng tại hai huyện được duy trì; Quỹ Phát triển phụ nữ cho vay vốn giúp "
        "nạn nhân và phụ nữ có nguy cơ ổn định cuộc sống.",
        "Hạn chế: kinh phí hỗ trợ còn thấp; việc theo dõi tái hòa nhập ở cấp xã chưa thường xuyên.",
        "Đề xuất: tiếp tục tập huấn cho cán bộ cấp xã sau sắp xếp đơn vị hành chính; "
        "bố trí kinh phí cho hoạt động hỗ trợ tái hòa nhập.",
    ]
)


def _training(agencies: dict[str, Agency], coordinator: User, units: DemoUnits) -> None:
    if TrainingCourse.objects.filter(title=TRAINING_TITLE).exists():
        return
    training = training_course_record(
        actor=coordinator,
        title=TRAINING_TITLE,
        organiser=agencies[a.SO_Y_TE],
        unit=units.hai_phong,
        starts_on=datetime.date(2025, 9, 16),
        ends_on=datetime.date(2025, 9, 17),
        topics="Luật Phòng, chống mua bán người năm 2024 và các nghị định hướng dẫn; quy trình tiếp nhận, "
        "xác minh, xác định nạn nhân; các chế độ hỗ trợ; kỹ năng tư vấn, hỗ trợ tâm lý.",
        funding_vnd=48_500_000,
        funding_source="Ngân sách thành phố",
    )
    for key, participants in ((a.COMMITTEE, 28), (a.CONG_AN, 12), (a.BIEN_PHONG, 9), (a.HOI_PHU_NU, 11)):
        training = training_participants_set(
            actor=coordinator,
            training=training,
            agency=agencies[key],
            participants=participants,
            expected_version=training.version,
        )


def _inspection(agencies: dict[str, Agency], inspector: User, units: DemoUnits, today: datetime.date) -> None:
    committee = agencies[a.COMMITTEE]
    if Inspection.objects.filter(inspected_agency=committee, inspected_on=INSPECTION_DAY).exists():
        return
    inspection = inspection_record(
        actor=inspector,
        unit=units.committee_commune,
        inspected_agency=committee,
        inspected_on=INSPECTION_DAY,
        team="Trưởng đoàn: Thanh tra viên chính, Thanh tra thành phố; "
        "thành viên: 01 thanh tra viên, 01 chuyên viên Sở Y tế.",
        findings="Ủy ban nhân dân xã đã phân công cán bộ theo dõi công tác hỗ trợ nạn nhân; "
        "hồ sơ một số trường hợp chưa lưu đủ giấy tờ; sổ theo dõi tái hòa nhập chưa cập nhật thường xuyên.",
        includes_victim_support=True,
        victim_support_findings="Các khoản trợ cấp khó khăn ban đầu được chi trả đúng hạn, có chứng từ ký nhận.",
    )
    done = recommendation_add(
        actor=inspector,
        inspection=inspection,
        text="Bổ sung đầy đủ giấy tờ vào hồ sơ hỗ trợ của các trường hợp còn thiếu.",
        due_on=datetime.date(2025, 10, 31),
    )
    recommendation_follow_up(
        actor=inspector,
        recommendation=done,
        status=RecommendationStatus.DONE,
        noted_on=datetime.date(2025, 10, 28),
        note="Xã đã gửi bản sao các giấy tờ bổ sung.",
        expected_version=done.version,
    )
    late = recommendation_add(
        actor=inspector,
        inspection=inspection,
        text="Cập nhật sổ theo dõi tái hòa nhập hằng tháng và báo cáo Sở Y tế.",
        due_on=datetime.date(2025, 11, 15),
    )
    recommendation_follow_up(
        actor=inspector,
        recommendation=late,
        status=RecommendationStatus.IN_PROGRESS,
        noted_on=datetime.date(2025, 11, 10),
        note="Đã giao cán bộ văn hóa - xã hội phụ trách.",
        expected_version=late.version,
    )
    recommendation_add(
        actor=inspector,
        inspection=inspection,
        text="Tổ chức tập huấn cho cán bộ thôn về nhận diện nạn nhân bị mua bán.",
        due_on=today + datetime.timedelta(days=180),
    )


def _review(coordinator: User, units: DemoUnits) -> None:
    if Review.objects.filter(title=REVIEW_TITLE, kind=ReviewKind.INTERIM).exists():
        return
    review = review_record(
        actor=coordinator,
        kind=ReviewKind.INTERIM,
        title=REVIEW_TITLE,
        unit=units.hai_phong,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        narrative=REVIEW_NARRATIVE,
    )
    for label, value, measure in REVIEW_FIGURES:
        review_figure_set(
            actor=coordinator,
            review=review,
            label=label,
            value=value,
            measure=measure,
            expected_version=review.version,
        )
        review.refresh_from_db(fields=["version"])


def demo_oversight_create(
    *, units: DemoUnits, agencies: dict[str, Agency], users: dict[str, User], today: datetime.date | None = None
) -> None:
    """The Hải Phòng training, inspection with recommendations and interim review (each once).

    The open recommendation falls due six months after ``today``, so the demo always shows
    one overdue recommendation (in progress) and one still to do.
    """
    today = today or timezone.localdate()
    coordinator, inspector = users[u.COORDINATOR], users[u.INSPECTOR]
    _training(agencies, coordinator, units)
    _inspection(agencies, inspector, units, today)
    _review(coordinator, units)
