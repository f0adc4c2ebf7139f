from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """{{ decision.amount_vnd|vnd }} -> 18.000.000 ₫"""
    return format_vnd(amount)
