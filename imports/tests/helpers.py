"""Lists for the import tests, built from the personas' communes (core/testing/personas.py)."""

import csv
import datetime
import io

from django.utils import timezone

from imports.models import ImportBatch
from imports.services import import_batch_map, import_batch_upload

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường", "Ngày tiếp nhận", "Ghi chú"]


def csv_bytes(rows: list[list[str]], headers: list[str] = HEADERS, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def good_row(personas, n: int, name: str = "Trần Văn Bình", born: str = "03/02/1990") -> list[str]:
    return [str(n), name, born, "Nam", "", personas.commune.name, "01/09/2025", ""]


def upload(personas, content: bytes, *, actor=None, sender=None, name: str = "danh-sach.csv") -> ImportBatch:
    return import_batch_upload(
        actor=actor or personas.coordinator,
        sender_agency=sender or personas.police_agency,
        letter_number="123/CAHP",
        letter_date=datetime.date(2025, 9, 5),
        file_name=name,
        content=content,
    )


def upload_and_map(personas, content: bytes, **kwargs) -> ImportBatch:
    batch = upload(personas, content, **kwargs)
    mapping = {"full_name": 1, "birth_date": 2, "sex": 3, "identity_number": 4, "commune": 5}
    mapping |= {"received_on": 6, "notes": 7}
    return import_batch_map(actor=kwargs.get("actor") or personas.coordinator, batch=batch, mapping=mapping)


def future_date() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
