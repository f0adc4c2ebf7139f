from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.demo.second_factor import current_code, development_keys_in_use


class Command(BaseCommand):
    help = (
        "Print the current two-step sign-in code of a demo user (development keys only): "
        "the code the user's authenticator app would show now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="tên đăng nhập, ví dụ dieuphoi")

    def handle(self, *args: Any, **options: Any) -> None:
        if not development_keys_in_use():
            raise CommandError(
                "Lệnh này chỉ chạy với khóa phát triển (HOANHAP_FIELD_KEYS và HOANHAP_BLIND_INDEX_KEY "
                "để mặc định): trên hệ thống thật, mã chỉ có trên điện thoại của người dùng."
            )
        username = options["username"]
        found = current_code(username)
        if found is None:
            raise CommandError(
                f"Tài khoản {username!r} không có hoặc chưa cài ứng dụng xác thực. "
                "Chạy python manage.py seed_demo để cài cho các tài khoản mẫu."
            )
        if found.code is None:
            raise CommandError(f"Mã hiện tại vừa được dùng. Chờ {found.seconds} giây rồi chạy lại lệnh.")
        self.stdout.write(found.code)
        self.stderr.write(f"Mã dùng được trong khoảng {found.seconds} giây nữa, mỗi mã chỉ dùng một lần.")
