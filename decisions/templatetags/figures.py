"""`{{ value|rate:"%" }}`: a rate as the site prints it (one decimal, thousands separated, a dash
for no figure), the same text as the map script and the tables built in Python. A filter rather
than an included template: a council page prints over a hundred of them."""

from django import template

from decisions.charts import format_value

register = template.Library()


@register.filter
def rate(value, unit: str = "") -> str:
    return format_value(value, unit)
