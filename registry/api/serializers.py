"""What the API shows of each object: only what the public pages show (a contact
address only where the community chose "everyone": ``Community.public_contact_email``).
Vocabulary terms appear as their slugs (stable identifiers), each term with its URI;
dates are ISO 8601 (YYYY-MM-DD) and moments ISO 8601 in UTC.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    Function,
    ImpactExample,
    Recognition,
    ReviewRound,
)
from registry.vocabularies import term_uri


def utc_moment(help_text, **kwargs):
    return serializers.DateTimeField(
        read_only=True, default_timezone=datetime.UTC, help_text=help_text, **kwargs
    )


def slugs(help_text, **kwargs):
    """A many-to-many relation as the list of its terms' slugs."""
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=help_text, **kwargs
    )


def slug(help_text, **kwargs):
    return serializers.SlugRelatedField(
        read_only=True, slug_field="slug", help_text=help_text, **kwargs
    )


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}})
class CountryCodesField(serializers.Field):
    """ISO 3166 alpha-2 codes of a multiple CountryField."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [country.code for country in value]


class AbsoluteUrlField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


AbsoluteUrlField = extend_schema_field(OpenApiTypes.URI)(AbsoluteUrlField)


# --- Vocabularies -----------------------------------------------------------------------


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField(
        read_only=True, help_text=_("The term's stable identifier, used in filters.")
    )
    name = serializers.CharField(read_only=True, help_text=_("The term's name, in English."))
    label = serializers.CharField(
        read_only=True,
        help_text=_("The term's name in the language asked for (Accept-Language)."),
    )
    description = serializers.CharField(
        source="description_text",
        read_only=True,
        help_text=_("What the term means, in the language asked for; may be empty."),
    )
    in_use = serializers.BooleanField(
        source="is_active",
        read_only=True,
        help_text=_("False for a term the Secretariat has retired: filters no longer take it."),
    )
    uri = serializers.SerializerMethodField(
        help_text=_(
            "The term's stable URI: a page for people, schema.org JSON-LD for machines "
            "(Accept: application/ld+json)."
        )
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_uri(self, term):
        return term_uri(term)


class FunctionSerializer(TermSerializer):
    how_to_engage = serializers.CharField(
        source="how_to_engage_text",
        read_only=True,
        help_text=_("How governments and stakeholders can engage with this function."),
    )

    class Meta:
        model = Function


class ActivityTypeSerializer(TermSerializer):
    functions = slugs(_("The IPBES functions this kind of activity serves."))

    class Meta:
        model = ActivityType


class DeliverableSerializer(TermSerializer):
    kind = serializers.ChoiceField(
        choices=Deliverable.Kind.choices,
        read_only=True,
        help_text=_("Approved assessment, ongoing assessment or other deliverable."),
    )
    year_approved = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("The year the IPBES Plenary approved it; null while ongoing."),
    )

    class Meta:
        model = Deliverable


# --- Communities and what hangs off them ----------------------------------------------


class CommunityRefSerializer(serializers.Serializer):
    """The community a contribution, an example or a recognition belongs to."""

    slug = serializers.SlugField(read_only=True, help_text=_("The community's stable identifier."))
    name = serializers.CharField(read_only=True, help_text=_("The community's name."))
    url = AbsoluteUrlField(help_text=_("The community's page in the registry."))


class ContributionSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True, help_text=_("Who did it."))
    activity = slug(_("The kind of activity (activity types)."), source="activity_type")
    scale = slug(_("The scale it worked at (scales); may be null."), allow_null=True)
    countries = CountryCodesField(help_text=_("Where it took place (ISO 3166 alpha-2)."))
    deliverables = slugs(_("The IPBES deliverables it relates to."))
    topics = slugs(_("The IPBES topics it relates to."))

    class Meta:
        model = Contribution
        fields = [
            "id",
            "title",
            "description",
            "community",
            "activity",
            "start_date",
            "end_date",
            "scale",
            "countries",
            "online",
            "evidence_url",
            "deliverables",
            "topics",
            "participants",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The contribution's number in the registry.")},
            "title": {"help_text": _("What the activity was called.")},
            "description": {"help_text": _("What was done, in Markdown; may be empty.")},
            "start_date": {"help_text": _("When it started (YYYY-MM-DD).")},
            "end_date": {"help_text": _("When it ended (YYYY-MM-DD); null for one day.")},
            "online": {"help_text": _("True when it took place online.")},
            "evidence_url": {"help_text": _("A link to evidence of it; may be empty.")},
            "participants": {"help_text": _("How many people took part; may be null.")},
        }


class ImpactExampleSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True, help_text=_("Who registered it."))
    deliverables = slugs(_("The IPBES deliverables whose findings were used."))
    impact_type = slug(_("The type of impact (impact types)."))
    impact_scale = slug(_("The scale of the impact (impact scales)."))
    countries = CountryCodesField(help_text=_("Where the impact happened (ISO 3166 alpha-2)."))
    registered_in_track = serializers.SerializerMethodField(
        help_text=_("True when the example is also registered in TRACK (track_url is set).")
    )

    def get_registered_in_track(self, example) -> bool:
        return bool(example.track_url)

    class Meta:
        model = ImpactExample
        fields = [
            "id",
            "title",
            "description",
            "community",
            "deliverables",
            "impact_type",
            "impact_scale",
            "date",
            "countries",
            "evidence_url",
            "track_url",
            "registered_in_track",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The example's number in the registry.")},
            "title": {"help_text": _("What happened, in a line.")},
            "description": {"help_text": _("The example told in Markdown; may be empty.")},
            "date": {"help_text": _("When it happened (YYYY-MM-DD).")},
            "evidence_url": {"help_text": _("A link to evidence of it; may be empty.")},
            "track_url": {
                "help_text": _(
                    "The same example in the IPBES impact tracking database; may be empty."
                )
            },
        }


class ReviewRoundRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewRound
        fields = ["id", "title", "meeting_date"]
        extra_kwargs = {
            "id": {"help_text": _("The review round's number.")},
            "title": {"help_text": _("The Bureau meeting that reviewed the recommendation.")},
            "meeting_date": {"help_text": _("The date of that meeting (YYYY-MM-DD).")},
        }


class RecognitionSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True, help_text=_("The recognised community."))
    review_round = ReviewRoundRefSerializer(
        source="round", read_only=True, help_text=_("The review round that endorsed it.")
    )
    task_force = slug(_("The IPBES task force that recommended it (task forces)."))

    class Meta:
        model = Recognition
        fields = ["community", "since", "review_round", "task_force"]
        extra_kwargs = {
            "since": {
                "help_text": _("Recognised as an IPBES collaborative supporter since (YYYY-MM-DD).")
            }
        }


class RoundRecognitionSerializer(RecognitionSerializer):
    class Meta(RecognitionSerializer.Meta):
        fields = ["community", "since", "task_force"]


class ReviewRoundSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=ReviewRound.Status.choices,
        read_only=True,
        help_text=_("Open while the Bureau is still reviewing; closed after."),
    )
    closed_at = utc_moment(_("When the round was closed (UTC); null while open."), allow_null=True)
    recognitions = RoundRecognitionSerializer(
        source="public_recognitions",
        many=True,
        read_only=True,
        help_text=_("The communities the round recognised as IPBES collaborative supporters."),
    )

    class Meta:
        model = ReviewRound
        fields = ["id", "title", "meeting_date", "status", "closed_at", "recognitions"]
        extra_kwargs = ReviewRoundRefSerializer.Meta.extra_kwargs | {
            "title": {"help_text": _("The Bureau meeting at which recommendations were reviewed.")}
        }


class CommunitySerializer(serializers.ModelSerializer):
    """A community as the list shows it."""

    url = AbsoluteUrlField(help_text=_("The community's page in the registry."))
    logo = serializers.SerializerMethodField(help_text=_("The address of its logo, or null."))
    members = serializers.IntegerField(
        source="member_count",
        read_only=True,
        allow_null=True,
        help_text=_("Approximate number of members; may be null."),
    )
    topics = slugs(_("The IPBES topics it works on."))
    functions = slugs(_("The IPBES functions it serves."))
    scales = slugs(_("The scales it works at."))
    regions = slugs(_("The IPBES regions it works in."))
    countries = CountryCodesField(help_text=_("The countries it works in (ISO 3166 alpha-2)."))
    member_types = slugs(_("Who takes part (member types)."))
    languages = slugs(_("Its languages of work (ISO 639-1 codes)."))
    contribution_count = serializers.IntegerField(
        read_only=True,
        help_text=_("How many contributions to IPBES's work it has registered."),
    )
    recognised = serializers.BooleanField(
        source="is_recognised",
        read_only=True,
        help_text=_("True for an IPBES collaborative supporter (an active recognition)."),
    )
    published_at = utc_moment(_("When it was first published (UTC)."), allow_null=True)
    confirmed_at = utc_moment(
        _("When a coordinator last confirmed the profile is current (UTC)."),
        source="last_confirmed_at",
    )
    host_ror = serializers.CharField(
        read_only=True,
        help_text=_(
            "The ROR ID of its host organisation, as its full https://ror.org/ address; "
            "may be empty."
        ),
    )
    contact_email = serializers.CharField(
        source="public_contact_email",
        read_only=True,
        help_text=_(
            "Its contact address, only when the community chose to show it to everyone; "
            "otherwise empty (visitors write through the contact form on its page)."
        ),
    )
    not_confirmed = serializers.SerializerMethodField(
        help_text=_(
            "True when no coordinator has confirmed the profile for over a year and the "
            "grace period after it: the registry shows it as not confirmed since confirmed_at."
        )
    )

    class Meta:
        model = Community
        fields = [
            "slug",
            "name",
            "acronym",
            "summary",
            "url",
            "website",
            "host_ror",
            "contact_email",
            "logo",
            "year_founded",
            "members",
            "topics",
            "functions",
            "scales",
            "regions",
            "countries",
            "member_types",
            "languages",
            "contribution_count",
            "recognised",
            "published_at",
            "confirmed_at",
            "not_confirmed",
        ]
        extra_kwargs = {
            "slug": {"help_text": _("The community's stable identifier (in its URLs).")},
            "name": {"help_text": _("The community's name.")},
            "acronym": {"help_text": _("Its acronym; may be empty.")},
            "summary": {"help_text": _("What it is, in one or two sentences.")},
            "website": {"help_text": _("Its own website; may be empty.")},
            "year_founded": {"help_text": _("The year it was founded; may be null.")},
        }

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_logo(self, community):
        if not community.logo:
            return None
        return self.context["request"].build_absolute_uri(community.logo.url)

    def get_not_confirmed(self, community) -> bool:
        return community.is_overdue()


class CommunityDetailSerializer(CommunitySerializer):
    """A community as its page shows it, with its contributions, examples and recognition."""

    recognition = serializers.SerializerMethodField(
        help_text=_("Its active recognition as an IPBES collaborative supporter, or null.")
    )
    contributions = ContributionSerializer(
        source="public_contributions",
        many=True,
        read_only=True,
        help_text=_("Its contributions, newest first."),
    )
    impact_examples = ImpactExampleSerializer(
        source="public_impact_examples",
        many=True,
        read_only=True,
        help_text=_("Its examples of IPBES impact, newest first."),
    )

    class Meta(CommunitySerializer.Meta):
        fields = [
            *CommunitySerializer.Meta.fields,
            "description",
            "how_to_join",
            "recognition",
            "contributions",
            "impact_examples",
        ]
        extra_kwargs = CommunitySerializer.Meta.extra_kwargs | {
            "description": {"help_text": _("What it does, in Markdown; may be empty.")},
            "how_to_join": {"help_text": _("How to take part; may be empty.")},
        }

    @extend_schema_field(RecognitionSerializer(allow_null=True))
    def get_recognition(self, community):
        recognitions = community.active_recognitions
        if not recognitions:
            return None
        return RecognitionSerializer(recognitions[0], context=self.context).data


# --- The API itself ------------------------------------------------------------------


class ParameterProblemSerializer(serializers.Serializer):
    parameter = serializers.CharField(help_text=_("The query parameter with a bad value."))
    detail = serializers.CharField(help_text=_("What is wrong with it."))


class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457), served as application/problem+json."""

    type = serializers.CharField(help_text=_('The kind of problem: "about:blank" here.'))
    title = serializers.CharField(help_text=_("The HTTP status's phrase, e.g. Bad Request."))
    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    detail = serializers.CharField(help_text=_("What went wrong, in plain words."))
    errors = ParameterProblemSerializer(
        many=True, required=False, help_text=_("With a 400: each bad parameter and why.")
    )


class ApiRootSerializer(serializers.Serializer):
    endpoints = serializers.DictField(
        child=serializers.URLField(), help_text=_("Each list endpoint's name and address.")
    )
    schema = serializers.URLField(help_text=_("The OpenAPI 3 document of the API."))
    documentation = serializers.URLField(help_text=_("The API's documentation page."))
