"""Amounts are integers of đồng; they are shown the Vietnamese way: 18.000.000 ₫."""


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"
