"""An import batch for the authorisation matrix (hoanhap/tests/world.py): a mapped list of one row.

Its row is nobody of the matrix's cases, so the matrix's check that no page shows a person to a
role without the need stays meaningful.
"""

import datetime

from agencies.models import Agency, User
from geo.models import AdminUnit
from imports.models import ImportBatch
from imports.services import import_batch_map, import_batch_upload


def import_batch_record(*, officer: User, sender: Agency, commune: AdminUnit) -> ImportBatch:
    content = f"Họ và tên,Ngày sinh,Xã/phường\nĐinh Thị Nguyệt,1991,{commune.name}\n".encode()
    batch = import_batch_upload(
        actor=officer,
        sender_agency=sender,
        letter_number="01/DS",
        letter_date=datetime.date(2025, 9, 1),
        file_name="danh-sach.csv",
        content=content,
    )
    return import_batch_map(actor=officer, batch=batch, mapping={"full_name": 0, "birth_date": 1, "commune": 2})
