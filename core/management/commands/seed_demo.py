import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import demo_logins_table, demo_seed
from core.demo.second_factor import demo_second_factor_ensure, development_keys_in_use
from core.errors import DomainError

ADDRESS = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Create the Hải Phòng demo data (agencies, one user per role, cases through the services) "
        "once, then print the demo logins. Needs load_admin_units and load_regimes first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Không tạo dữ liệu mẫu (mật khẩu công khai) trên cấu hình production.")
        started = time.monotonic()
        try:
            result = demo_seed()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        enrolled = demo_second_factor_ensure()
        elapsed = time.monotonic() - started

        if result.already_present:
            self.stdout.write("Dữ liệu mẫu Hải Phòng đã có sẵn: không tạo thêm gì.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Đã tạo dữ liệu mẫu Hải Phòng trong {elapsed:.1f} giây:".replace(".", ",", 1))
            )
            self.stdout.write(f"  cơ quan: {result.agencies_created}")
            self.stdout.write(f"  tài khoản: {result.users_created}")
            for label, count in result.created.items():
                self.stdout.write(f"  {label}: {count}")
        if enrolled:
            self.stdout.write(f"  ứng dụng xác thực cài cho tài khoản mẫu: {enrolled}")
        if not result.complete:
            self.stderr.write(
                self.style.WARNING(
                    f"Dữ liệu mẫu chưa đầy đủ ({result.cases_found}/{result.cases_expected} hồ sơ): lần chạy trước "
                    "có thể đã dừng giữa chừng. Hãy xóa cơ sở dữ liệu, chạy lại migrate, load_admin_units, "
                    "load_regimes rồi seed_demo."
                )
            )

        self.stdout.write("")
        self.stdout.write(f"Mở {ADDRESS} và đăng nhập bằng một trong các tài khoản mẫu:")
        self.stdout.write("")
        for line in demo_logins_table():
            self.stdout.write(line)
        self.stdout.write("")
        if development_keys_in_use():
            self.stdout.write(
                "Sau mật khẩu, hệ thống hỏi mã xác thực hai lớp (6 chữ số). Các tài khoản mẫu đã được cài "
                "ứng dụng xác thực bằng khóa mẫu; lấy mã hiện tại bằng lệnh:"
            )
            self.stdout.write("  python manage.py demo_totp_code <tên đăng nhập>     (ví dụ: demo_totp_code dieuphoi)")
        else:
            self.stdout.write(
                "Sau mật khẩu, mỗi tài khoản mẫu tự cài ứng dụng xác thực trên điện thoại ở lần đăng nhập đầu "
                "(khóa dữ liệu không phải khóa phát triển, nên không có mã mẫu)."
            )
