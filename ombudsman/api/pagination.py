from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 50 by default; `page_size` up to 500 for bulk readers."""

    page_size_query_param = "page_size"
    max_page_size = 500
