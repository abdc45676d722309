"""``{{ amount|gbp }}`` → £1,870,000.00 and ``{{ amount|gbp_short }}`` → £1.87m."""

from django import template

from core.money import format_gbp, format_gbp_short

register = template.Library()
register.filter("gbp", format_gbp)
register.filter("gbp_short", format_gbp_short)
