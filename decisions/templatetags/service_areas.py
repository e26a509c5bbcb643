"""`{% council_service_areas council year as rows %}`: the council page's figures by category,
read where they are shown (templates/includes/service_areas.html) so that the council view,
which other parts of the page grow in, needs no change for them."""

from django import template

from decisions.statistics.service_areas import council_service_areas as _rows

register = template.Library()


@register.simple_tag
def council_service_areas(council, year) -> list[dict]:
    if council is None or year is None:
        return []
    return _rows(council=council, year=year)
