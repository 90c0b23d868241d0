"""Pages of a list: ``page`` (from 1) and ``limit`` (rows per page, at most 100).

By default a page holds as many rows as the registry's list pages (25), so page N of
the API is page N of the HTML list. A bad value is a 400 naming the parameter; a
page past the last one is a 404.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from registry.views.communities import PAGE_SIZE

MAX_LIMIT = 100


def _positive_integer(request, name):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    # The length first: int() of thousands of digits raises (a 500), it does not refuse.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise exceptions.ValidationError({name: [_("Enter a whole number, 1 or more.")]})
    return int(raw)


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT

    def get_page_size(self, request):
        limit = _positive_integer(request, self.page_size_query_param)
        if limit is None:
            return self.page_size
        if limit > MAX_LIMIT:
            raise exceptions.ValidationError(
                {"limit": [_("At most %(max)d rows per page.") % {"max": MAX_LIMIT}]}
            )
        return limit

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = _positive_integer(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            raise exceptions.NotFound(
                _("There is no page %(page)d: the last page is %(last)d.")
                % {"page": number, "last": paginator.num_pages}
            ) from error
        return list(self.page)

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        texts = {
            "count": _("How many rows the filters give, on all pages."),
            "next": _("The address of the next page, or null on the last one."),
            "previous": _("The address of the previous page, or null on the first one."),
            "results": _("The rows of this page, in the list's order."),
        }
        # DRF's examples name an "accounts" endpoint of api.example.org; the docs page
        # shows them under each list, so they name this API instead.
        examples = {
            "count": 26,
            "next": "https://registry.example.org/api/v1/communities/?page=2&topic=pollination",
            "previous": None,
        }
        for name, text in texts.items():
            if isinstance(described["properties"].get(name), dict):
                described["properties"][name]["description"] = text
                if name in examples:
                    described["properties"][name]["example"] = examples[name]
        return described

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": _("The page of results, from 1."),
                "schema": {"type": "integer", "minimum": 1, "maximum": 999999999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _("Rows per page (default %(default)d, at most %(max)d).")
                % {"default": self.page_size, "max": MAX_LIMIT},
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
        ]
