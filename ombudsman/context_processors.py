from django.conf import settings

# The first path segment of each section in the main navigation.
SECTIONS = {
    "": "map",
    "councils": "councils",
    "decisions": "decisions",
    "reports": "decisions",
    "rankings": "rankings",
    "service-improvements": "decisions",
    "about": "about",
    "funnel-plots": "funnels",
    "early-warnings": "funnels",
}


def site(request):
    """Values every page template needs: the sample data notice, and which section of the main
    navigation the page belongs to (marked aria-current there)."""
    first = request.path.strip("/").split("/", 1)[0] if request else ""
    return {
        "sample_data_notice": settings.SAMPLE_DATA_NOTICE,
        "nav_section": SECTIONS.get(first, ""),
    }
