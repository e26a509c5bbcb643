from django.conf import settings


def site(request):
    """Values every page template needs."""
    return {"sample_data_notice": settings.SAMPLE_DATA_NOTICE}
