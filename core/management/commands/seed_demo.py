import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import demo_logins_table, demo_seed
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
