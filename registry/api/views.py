"""The public API's endpoints: read-only, and what an anonymous visitor sees, whoever asks.

Every queryset starts from ``permissions.visible_*`` with an anonymous user, even for a
signed-in request, so nothing unpublished reaches the API. The lists filter through
their page's FilterSet (``filtering.PageFilterBackend``) and keep its order.
Every response carries an ETag (304 on If-None-Match) and sets no cookie.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, viewsets
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from registry import data_version, permissions
from registry.api import serializers
from registry.api.errors import PROBLEM_CONTENT_TYPE
from registry.api.filtering import PageFilterBackend
from registry.filters import CommunityFilterSet, ContributionFilterSet, ImpactFilterSet
from registry.models import (
    ActivityType,
    Deliverable,
    Function,
    Recognition,
    ReviewRound,
)
from registry.vocabularies import VOCABULARIES as PUBLIC_SETS

# Who the API answers as: the public, whoever is signed in.
ANONYMOUS = AnonymousUser()
COMMUNITY_TERMS = ("topics", "functions", "scales", "regions", "member_types", "languages")


def _problem_responses(*codes):
    """The documented error responses (problem details) of an operation."""
    texts = {
        400: _("A parameter has a bad value (problem details name it)."),
        404: _("Nothing is published at this address."),
        429: _("Too many requests from this client: wait Retry-After seconds."),
    }
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(serializers.ProblemSerializer, texts[code])
        for code in codes
    }


@method_decorator(conditional_page, name="dispatch")
class PublicAPIView(APIView):
    """What every endpoint shares: an ETag (and 304), no cookie, readable by any site."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The API reads no session: a staff member's idle timer (registry/staff_access.py)
        # is not renewed by it, so no Set-Cookie for anyone.
        session = getattr(request._request, "session", None)
        if session is not None:
            session.modified = False
        # Public data for any site (CORS allows the reads; this allows embedding).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
        # The same answer for everyone, revalidated each time (ETag): never stale.
        patch_cache_control(response, public=True, no_cache=True)
        return response


class PublicListViewSet(PublicAPIView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list endpoint."""


class PublicViewSet(PublicListViewSet, mixins.RetrieveModelMixin):
    """A list endpoint, and one object by its slug."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


# --- Communities and what hangs off them ----------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["Communities"],
        summary=_("Published communities of practice"),
        description=_(
            "The communities of the registry's list page, with the same filters, in the same "
            "order. Several values of one parameter match any of them; different parameters "
            "must all match. For example, the pollination communities in Africa: "
            "`?topic=pollination&region=africa`; recognised supporters working in Kenya or "
            "Brazil: `?recognised=true&country=KE&country=BR`."
        ),
        responses={
            200: serializers.CommunitySerializer(many=True),
            **_problem_responses(400, 404, 429),
        },
        examples=[
            OpenApiExample(
                "A community",
                response_only=True,
                value={
                    "slug": "african-pollinator-network",
                    "name": "African Pollinator Network",
                    "acronym": "APN",
                    "summary": "Researchers and beekeepers sharing what the IPBES "
                    "pollination assessment means for farms across Africa.",
                    "url": "https://registry.example.org/communities/african-pollinator-network/",
                    "website": "https://apn.example.org",
                    "host_ror": "https://ror.org/015w2mp89",
                    "contact_email": "",
                    "logo": None,
                    "year_founded": 2017,
                    "members": 420,
                    "topics": ["pollination"],
                    "functions": ["building-capacity"],
                    "scales": ["regional"],
                    "regions": ["africa"],
                    "countries": ["KE", "GH"],
                    "member_types": ["experts", "practitioners"],
                    "languages": ["en", "fr"],
                    "contribution_count": 3,
                    "recognised": True,
                    "published_at": "2025-03-04T09:30:00Z",
                    "confirmed_at": "2026-02-01T10:00:00Z",
                    "not_confirmed": False,
                },
            )
        ],
    ),
    retrieve=extend_schema(
        tags=["Communities"],
        summary=_("A published community"),
        description=_(
            "A community's profile, as its page shows it, with its contributions, examples "
            "of IPBES impact and recognition. Unpublished communities are 404."
        ),
        responses={200: serializers.CommunityDetailSerializer, **_problem_responses(404, 429)},
    ),
)
class CommunityViewSet(PublicViewSet):
    filterset_class = CommunityFilterSet
    filter_backends = [PageFilterBackend]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CommunityDetailSerializer
        return serializers.CommunitySerializer

    def get_queryset(self):
        return permissions.visible_communities(ANONYMOUS)

    def filter_queryset(self, queryset):
        if self.action == "list":
            return super().filter_queryset(queryset).prefetch_related(*COMMUNITY_TERMS)
        # One community: the list's annotations (contributions, recognised), no filter.
        listing = CommunityFilterSet(QueryDict(), queryset=queryset).listing()
        return listing.prefetch_related(
            *COMMUNITY_TERMS,
            Prefetch(
                "contributions",
                queryset=_contributions(
                    permissions.visible_contributions(ANONYMOUS).order_by(
                        "-start_date", "title", "pk"
                    )
                ),
                to_attr="public_contributions",
            ),
            Prefetch(
                "impact_examples",
                queryset=_impact_examples(
                    permissions.visible_impact_examples(ANONYMOUS).order_by("-date", "title", "pk")
                ),
                to_attr="public_impact_examples",
            ),
            Prefetch(
                "recognitions",
                queryset=_public_recognitions(),
                to_attr="active_recognitions",
            ),
        )


def _contributions(queryset):
    return queryset.select_related("community", "activity_type", "scale").prefetch_related(
        "topics", "deliverables"
    )


def _impact_examples(queryset):
    return queryset.select_related("community", "impact_type", "impact_scale").prefetch_related(
        "deliverables"
    )


def _public_recognitions():
    """The supporters the public sees (Recognition.objects.public()), with what is shown."""
    return Recognition.objects.public().select_related("community", "round", "task_force")


@extend_schema_view(
    list=extend_schema(
        tags=["Contributions"],
        summary=_("Contributions to IPBES's work"),
        description=_(
            "The contributions (activities) of published communities, as on the registry's "
            "contributions page, with the same filters, newest first by default. For example, "
            "the upcoming events in Africa: `?region=africa&upcoming=true`."
        ),
        responses={
            200: serializers.ContributionSerializer(many=True),
            **_problem_responses(400, 404, 429),
        },
    )
)
class ContributionViewSet(PublicListViewSet):
    serializer_class = serializers.ContributionSerializer
    filterset_class = ContributionFilterSet
    filter_backends = [PageFilterBackend]

    def get_queryset(self):
        return permissions.visible_contributions(ANONYMOUS)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).prefetch_related("topics", "deliverables")


@extend_schema_view(
    list=extend_schema(
        tags=["Impact"],
        summary=_("Examples of IPBES impact"),
        description=_(
            "Examples of the use of IPBES outputs in decision-making or in science, "
            "registered by published communities, as on the registry's impact page, newest "
            "first. Each filter takes one slug; for example, new or changed policies informed "
            "by the pollinators assessment: `?deliverable=pollinators&impact_type=policy`."
        ),
        responses={
            200: serializers.ImpactExampleSerializer(many=True),
            **_problem_responses(400, 404, 429),
        },
    )
)
class ImpactExampleViewSet(PublicListViewSet):
    serializer_class = serializers.ImpactExampleSerializer
    filterset_class = ImpactFilterSet
    filter_backends = [PageFilterBackend]

    def get_queryset(self):
        return permissions.visible_impact_examples(ANONYMOUS)


@extend_schema_view(
    list=extend_schema(
        tags=["Recognition"],
        summary=_("IPBES collaborative supporters"),
        description=_(
            "The active recognitions of published communities as IPBES collaborative "
            "supporters, newest first, as on the registry's supporters page."
        ),
        responses={
            200: serializers.RecognitionSerializer(many=True),
            **_problem_responses(400, 404, 429),
        },
    )
)
class RecognitionViewSet(PublicListViewSet):
    serializer_class = serializers.RecognitionSerializer

    def get_queryset(self):
        return _public_recognitions().order_by("-since", "community__name")


@extend_schema_view(
    list=extend_schema(
        tags=["Recognition"],
        summary=_("Review rounds and the recognitions they gave"),
        description=_(
            "The Bureau's review rounds that recognised at least one published community, "
            "newest meeting first, each with the communities it recognised (still active). "
            "Recommendations and decisions that were not endorsed are not public."
        ),
        responses={
            200: serializers.ReviewRoundSerializer(many=True),
            **_problem_responses(400, 404, 429),
        },
    )
)
class ReviewRoundViewSet(PublicListViewSet):
    serializer_class = serializers.ReviewRoundSerializer

    def get_queryset(self):
        return (
            ReviewRound.objects.public()
            .prefetch_related(
                Prefetch(
                    "recognitions",
                    queryset=_public_recognitions().order_by("community__name"),
                    to_attr="public_recognitions",
                )
            )
            .order_by("-meeting_date", "-pk")
        )


# --- Vocabularies -----------------------------------------------------------------------


def _vocabulary(name, model, serializer, label, prefetch=()):
    """A read-only endpoint for one vocabulary: its terms in use, or one term by slug."""

    def get_queryset(self):
        terms: QuerySet = (
            model.objects.all() if self.action == "retrieve" else model.objects.active()
        )
        return terms.prefetch_related(*prefetch)

    schema = extend_schema_view(
        list=extend_schema(
            tags=["Vocabularies"],
            summary=_("%(label)s: the terms in use") % {"label": label},
            description=_(
                "Every term in use, in the registry's order (not paginated). The slugs are "
                "the values the list endpoints' filters take."
            ),
            responses={200: serializer(many=True), **_problem_responses(429)},
        ),
        retrieve=extend_schema(
            tags=["Vocabularies"],
            summary=_("%(label)s: one term") % {"label": label},
            description=_("One term by its slug, also a retired one (in_use false)."),
            responses={200: serializer, **_problem_responses(404, 429)},
        ),
    )
    view = type(
        f"{model.__name__}ViewSet",
        (PublicViewSet,),
        {
            "serializer_class": serializer,
            "pagination_class": None,
            "get_queryset": get_queryset,
            "__doc__": str(label),
            "__module__": __name__,
        },
    )
    return name, schema(view)


# The public sets of terms (registry/vocabularies.py), each with its serializer.
SERIALIZERS = {
    Function: serializers.FunctionSerializer,
    ActivityType: serializers.ActivityTypeSerializer,
    Deliverable: serializers.DeliverableSerializer,
}
VOCABULARIES = dict(
    _vocabulary(
        vocabulary.name,
        vocabulary.model,
        SERIALIZERS.get(vocabulary.model, serializers.TermSerializer),
        vocabulary.label,
        prefetch=("functions",) if vocabulary.model is ActivityType else (),
    )
    for vocabulary in PUBLIC_SETS.values()
)

LISTS = {
    "communities": CommunityViewSet,
    "contributions": ContributionViewSet,
    "impact-examples": ImpactExampleViewSet,
    "recognitions": RecognitionViewSet,
    "review-rounds": ReviewRoundViewSet,
}


# --- The root, the OpenAPI document and its documentation page ----------------------------


class ApiRootView(PublicAPIView):
    """The endpoints of the API, its OpenAPI document and its documentation page."""

    @extend_schema(
        tags=["About the API"],
        summary=_("The endpoints of the API"),
        responses={200: serializers.ApiRootSerializer, **_problem_responses(429)},
    )
    def get(self, request):
        endpoints = {
            name: api_reverse(f"api:{name}-list", request=request)
            for name in (*LISTS, *VOCABULARIES)
        }
        return Response(
            {
                "endpoints": endpoints,
                "schema": api_reverse("api:schema", request=request),
                "documentation": api_reverse("api:docs", request=request),
            }
        )


class SchemaView(PublicAPIView, SpectacularAPIView):
    """The OpenAPI 3 document, JSON by default (``?format=yaml`` for YAML): generated
    once per data version (its filters list the vocabularies' slugs), not per request
    (24 queries and a few hundred milliseconds of CPU each time)."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        generate = super().get
        origin = request.build_absolute_uri("/")
        data = data_version.cached(
            "openapi", [origin], lambda: generate(request, *args, **kwargs).data
        )
        return Response(data)


class DocsView(PublicAPIView):
    """The documentation page: Swagger UI from the app's own static files, started by a
    static script (the CSP allows no inline script or style)."""

    renderer_classes = [TemplateHTMLRenderer]

    @extend_schema(exclude=True)
    def get(self, request):
        context = {
            "schema_url": reverse("api:schema"),
            "api_root": reverse("api:root"),
            # The term a partner site asks for most: the topic of the example above.
            "term_example": reverse("registry:term", args=["topics", "pollination"]),
            "term_example_jsonld": reverse("registry:term_jsonld", args=["topics", "pollination"]),
            "swagger_ui_css": static("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"),
            "swagger_ui_bundle": static(
                "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
            ),
        }
        return Response(context, template_name="registry/api/docs.html")


def api_home(request):
    """/api/: the current version."""
    return redirect("api:root", permanent=False)
