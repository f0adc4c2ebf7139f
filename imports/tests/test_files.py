"""Reading uploaded lists: .csv (BOM, comma or semicolon) and .xlsx; refusing what cannot be read."""

import datetime
import io

import openpyxl
import pytest

from core.errors import DomainError
from imports import errors
from imports.files import read_table, write_csv, write_xlsx


def test_csv_with_bom_and_semicolons_is_read():
    # given
    content = "\ufeffHọ và tên;Ngày sinh\nNguyễn Thị Hòa;12/04/1998\n\n".encode()
    # when
    table = read_table("ds.csv", content)
    # then
    assert table.headers == ["Họ và tên", "Ngày sinh"]
    assert table.rows == [(2, ["Nguyễn Thị Hòa", "12/04/1998"])]


def test_xlsx_dates_and_numbers_become_text():
    # given
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD"])
    sheet.append(["Lê Thị Mai", datetime.date(1999, 3, 5), 31199001234])
    out = io.BytesIO()
    workbook.save(out)
    # when
    table = read_table("ds.xlsx", out.getvalue())
    # then
    assert table.rows == [(2, ["Lê Thị Mai", "05/03/1999", "31199001234"])]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("ds.xlsx", b"not a zip", errors.FILE_UNREADABLE),
        ("ds.csv", "Họ tên\n".encode("utf-16"), errors.FILE_UNREADABLE),
        ("ds.pdf", b"%PDF", errors.FILE_TYPE),
        ("ds.csv", "Họ và tên\n".encode(), errors.FILE_EMPTY),
        ("ds.csv", b"x" * (5 * 1024 * 1024 + 1), errors.FILE_TOO_LARGE),
    ],
)
def test_unreadable_files_are_refused_with_a_code(name, content, error):
    # given / when
    with pytest.raises(DomainError) as raised:
        read_table(name, content)
    # then
    assert raised.value.code == error.code


def test_reports_keep_the_columns_and_neutralise_formulas():
    # given
    headers, rows = ["A", "Lỗi"], [["=1+1", "x"]]
    # when
    text = write_csv(headers, rows).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(headers, rows))).active
    # then
    assert text.splitlines() == ["A,Lỗi", "'=1+1,x"]
    assert [c.value for c in sheet[2]] == ["'=1+1", "x"]
