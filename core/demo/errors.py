"""Why the demo data cannot be created. Messages are in Vietnamese: only the seed_demo command shows them."""

from core.errors import ErrorCode

UNITS_MISSING = ErrorCode(
    "demo.units_missing",
    "Chưa có dữ liệu đơn vị hành chính (thiếu %(unit)s). "
    "Hãy chạy `python manage.py load_admin_units` trước, rồi chạy lại `python manage.py seed_demo`.",
)
REGIMES_MISSING = ErrorCode(
    "demo.regimes_missing",
    "Chưa có danh mục chế độ hỗ trợ (thiếu %(regime)s). "
    "Hãy chạy `python manage.py load_regimes` trước, rồi chạy lại `python manage.py seed_demo`.",
)
CLOCK_TOO_EARLY = ErrorCode(
    "demo.clock_too_early",
    "Dữ liệu mẫu có sự kiện đến ngày %(date)s; ngày hệ thống (%(today)s) còn sớm hơn. Hãy kiểm tra đồng hồ máy.",
)
SCENARIO_FAILED = ErrorCode(
    "demo.scenario_failed",
    "Không tạo được hồ sơ mẫu số %(number)s (bước %(step)s): %(problem)s",
)
