"""Reading a spreadsheet of sessions: each row's problems in Vietnamese, nothing saved."""

import io

from django.utils import translation
from openpyxl import Workbook

from geo.models import AdminUnit
from programmes.sheets import session_sheet_check

HEADER = ["Ngày", "Xã/phường", "Địa điểm", "Đối tượng", "Số người", "Tờ rơi", "Áp phích", "Nội dung"]


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _units(personas):
    return AdminUnit.objects.filter(pk__in=[personas.commune.pk, personas.other_commune.pk])


def test_good_rows_of_an_xlsx_are_read_with_names_or_codes(personas):
    rows = [
        HEADER,
        [
            "12/06/2025",
            personas.commune.name,
            "Nhà văn hóa thôn 3",
            "Phụ nữ trong độ tuổi kết hôn",
            210,
            300,
            4,
            "PCMBN",
        ],
        ["13/06/2025", personas.other_commune.code, "", "students", "1.250", "", "", "Di cư an toàn"],
    ]
    check = session_sheet_check(_xlsx(rows), "buoi.xlsx", units=_units(personas))
    assert check.ok, [row.problems for row in check.rows]
    first, second = (row.row for row in check.rows)
    assert first.unit == personas.commune and first.audience_type == "women_marrying_age" and first.leaflets == 300
    assert second.unit == personas.other_commune and second.attendees == 1250 and second.leaflets == 0


def test_each_bad_row_gets_its_problems_in_vietnamese(personas):
    csv_text = "\n".join(
        [
            ";".join(HEADER),
            f"31/02/2025;{personas.commune.name};;Cư dân;10;;;Nội dung",
            "12/06/2025;Xã Không Có;;Cư dân;mười;;;",
            f"12/06/2099;{personas.commune.name};;Khách du lịch;0;;;Nội dung",
        ]
    )
    with translation.override("vi"):
        check = session_sheet_check(io.BytesIO(csv_text.encode()), "buoi.csv", units=_units(personas))
    assert not check.ok and check.bad_rows == 3
    assert [row.number for row in check.rows] == [2, 3, 4]
    assert any("31/02/2025" in problem for problem in check.rows[0].problems)
    assert any("Xã Không Có" in problem for problem in check.rows[1].problems)
    assert any("mười" in problem for problem in check.rows[1].problems)
    assert len(check.rows[2].problems) >= 2  # unknown audience, no attendees


def test_a_file_without_the_required_columns_or_unreadable_is_refused(personas):
    check = session_sheet_check(io.BytesIO("Ngày;Nội dung\n12/06/2025;X".encode()), "a.csv", units=_units(personas))
    assert not check.ok and check.problems and not check.rows
    broken = session_sheet_check(io.BytesIO(b"not a workbook"), "a.xlsx", units=_units(personas))
    assert not broken.ok and broken.problems
