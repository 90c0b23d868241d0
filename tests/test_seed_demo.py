"""`manage.py seed_demo`: the demo promised by DESIGN.md, idempotent, never in production;
and the volume options for performance work."""

import io
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings
from mailer.models import Message

from registry import services
from registry.demo.data import PASSWORD
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Function,
    ImpactExample,
    ImpactType,
    Membership,
    MemberType,
    Recognition,
    Recommendation,
    Region,
    ReviewRound,
    Scale,
    Topic,
    TransitionLog,
)
from registry.services import transitions

pytestmark = pytest.mark.django_db
DEMO_ACCOUNTS = {
    "coordinator@example.org": None,
    "taskforce@example.org": "Task force",
    "bureau@example.org": "Bureau",
    "secretariat@example.org": "Secretariat",
}


@pytest.fixture(autouse=True)
def _development_settings(settings):
    settings.DEBUG = True  # the test runner turns DEBUG off; the demo needs it on
    # The demo hashes its password once; MD5 keeps these tests fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, verbosity=0, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    seed()


@pytest.fixture(scope="class")
def shared_demo(django_db_setup, django_db_blocker):
    """One demo for all of TestTheDemo's read-only tests (seeding takes a second or two),
    rolled back after the class."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        seed()
        yield
        transaction.set_rollback(True)


def allowed_steps(model):
    """The (from, to) status pairs the transitions table allows for the model ("" before
    its creation)."""
    steps = set()
    for row in transitions.TRANSITIONS:
        if (row.subject or row.on) is not model:
            continue
        # A row asked of another object (recommend: of a community) creates its subject.
        sources = row.sources if row.subject in (None, row.on) else ()
        steps |= {(source, row.target) for source in sources or ("",)}
    return steps


def assert_log_is_an_allowed_path(obj):
    """From creation to the current status, each entry a transition of the table that
    starts where the one before ended."""
    log = list(obj.transitions.order_by("at", "pk"))
    steps = [(entry.from_status, entry.to_status) for entry in log]
    assert steps, obj
    assert set(steps) <= allowed_steps(type(obj)), (str(obj), steps)
    assert steps[0][0] == "", (str(obj), steps)
    for (_before, ended), (began, _after) in zip(steps, steps[1:], strict=False):
        assert began == ended, (str(obj), steps)
    assert steps[-1][1] == obj.status, (str(obj), steps)


def counts():
    User = get_user_model()
    models = [
        User,
        EmailAddress,
        Community,
        Membership,
        Contribution,
        ImpactExample,
        ReviewRound,
        Recommendation,
        Recognition,
        TransitionLog,
    ]
    return {model.__name__: model.objects.count() for model in models} | {
        "community topics": Community.topics.through.objects.count(),
        "contribution topics": Contribution.topics.through.objects.count(),
    }


@pytest.mark.usefixtures("shared_demo")
class TestTheDemo:
    """What the default demo contains (read-only tests sharing one seeded database)."""

    def test_demo_has_at_least_sixty_communities_mostly_published_and_every_other_status(self):
        statuses = Counter(Community.objects.values_list("status", flat=True))
        assert sum(statuses.values()) >= 60
        assert statuses["published"] >= 0.9 * sum(statuses.values())
        for status in ("draft", "submitted", "returned", "archived"):
            assert statuses[status] >= 1, status

    def test_demo_communities_have_a_complete_profile(self):
        for community in Community.objects.all():
            assert community.acronym and community.summary and community.how_to_join
            assert len(community.summary) <= 300
            assert community.description.count("## ") >= 2  # Markdown sections
            assert community.website.startswith("https://")
            assert community.website.rstrip("/").endswith(".example.org")
            assert community.year_founded and community.member_count
            assert community.languages.exists() and community.topics.exists()
            assert community.memberships.filter(role=Membership.Role.OWNER).exists()
            assert community.transitions.filter(to_status=community.status).exists()
            if community.status == Community.Status.PUBLISHED:
                assert community.published_at is not None

    @pytest.mark.parametrize(
        ("model", "field"),
        [
            (Topic, "topics"),
            (Region, "regions"),
            (Function, "functions"),
            (Scale, "scales"),
            (MemberType, "member_types"),
        ],
    )
    def test_every_vocabulary_entry_has_several_published_communities(self, model, field):
        published = Community.objects.published()
        for entry in model.objects.all():
            assert published.filter(**{field: entry}).count() >= 3, entry.slug

    def test_invasive_species_in_the_americas_at_national_scale_and_pollination_in_africa(self):
        published = Community.objects.published()
        invasive = published.filter(
            topics__slug="invasive-alien-species", regions__slug="americas", scales__slug="national"
        )
        pollination = published.filter(topics__slug="pollination", regions__slug="africa")
        assert invasive.count() >= 3
        assert pollination.count() >= 3

    def test_contributions_use_every_activity_type_from_2019_to_2027_with_upcoming_ones(self):
        used = set(Contribution.objects.values_list("activity_type__slug", flat=True))
        assert used == set(ActivityType.objects.values_list("slug", flat=True))
        years = {date.year for date in Contribution.objects.values_list("start_date", flat=True)}
        assert min(years) == 2019 and max(years) == 2027
        assert Contribution.objects.published().upcoming().count() >= 5
        for community in Community.objects.published():
            assert community.contributions.count() >= 3, community.slug
        assert not Contribution.objects.filter(topics=None).exists()
        assert not Contribution.objects.filter(deliverables=None).exists()
        assert Contribution.objects.filter(participants__gt=0).count() > 100
        assert Contribution.objects.exclude(countries="").count() > 100

    def test_impact_examples_use_every_impact_type(self):
        used = set(ImpactExample.objects.values_list("impact_type__slug", flat=True))
        assert used == set(ImpactType.objects.values_list("slug", flat=True))
        assert not ImpactExample.objects.filter(deliverables=None).exists()

    @pytest.mark.parametrize(("email", "group"), DEMO_ACCOUNTS.items())
    def test_demo_accounts_have_their_role_a_verified_email_and_the_demo_password(
        self, email, group
    ):
        user = get_user_model().objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
        assert user.is_staff is (group is not None)
        assert not user.is_superuser
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
        assert authenticate(username=email, password=PASSWORD) == user

    def test_coordinator_owns_several_communities_one_draft_and_one_returned_with_a_reason(self):
        coordinator = get_user_model().objects.get(email="coordinator@example.org")
        owned = Community.objects.filter(
            memberships__user=coordinator, memberships__role=Membership.Role.OWNER
        )
        statuses = Counter(owned.values_list("status", flat=True))
        assert statuses["published"] >= 2
        assert statuses["draft"] == 1 and statuses["returned"] == 1
        returned = owned.get(status=Community.Status.RETURNED)
        assert services.last_return_reason(returned)
        entry = returned.transitions.get(to_status=Community.Status.RETURNED)
        assert entry.actor.email == "secretariat@example.org"

    def test_closed_round_has_endorsed_and_declined_recommendations_each_endorsed_recognised(self):
        closed = ReviewRound.objects.get(status=ReviewRound.Status.CLOSED)
        statuses = Counter(closed.recommendations.values_list("status", flat=True))
        assert statuses["endorsed"] >= 2 and statuses["declined"] >= 1
        assert not closed.recommendations.filter(status="submitted").exists()
        for recommendation in closed.recommendations.all():
            log = recommendation.transitions.order_by("at", "pk")
            assert [entry.to_status for entry in log][-1] == recommendation.status
            assert all(entry.actor_id for entry in log)
            if recommendation.status in Recommendation.FINAL_STATUSES:
                assert recommendation.decided_by.groups.filter(name="Bureau").exists()
                assert recommendation.decision_note
                assert log.last().note == recommendation.decision_note
        for recommendation in closed.recommendations.filter(status="endorsed"):
            recognition = recommendation.recognition
            assert recognition.is_active and recognition.round == closed
            assert recognition.since == closed.meeting_date
            assert recognition.transitions.filter(to_status="active").exists()
        assert Recognition.objects.count() == statuses["endorsed"]
        assert closed.transitions.filter(to_status="closed").exists()

    def test_open_round_has_submitted_recommendations_by_the_task_force_member(self):
        current = ReviewRound.objects.get(status=ReviewRound.Status.OPEN)
        assert current.meeting_date > current.opened_at.date()
        submitted = current.recommendations.filter(status=Recommendation.Status.SUBMITTED)
        assert submitted.count() >= 3
        by_task_force = submitted.filter(recommended_by__email="taskforce@example.org")
        assert by_task_force.count() >= 3
        for recommendation in submitted:
            assert recommendation.conflict_of_interest.strip()
            assert recommendation.community.status == Community.Status.PUBLISHED
            evidence = recommendation.supporting_contributions.all()
            assert evidence.exists()
            assert {c.community_id for c in evidence} == {recommendation.community_id}
            assert recommendation.transitions.filter(to_status="submitted").exists()

    def test_demo_queues_no_mail(self):
        assert not Message.objects.exists()

    def test_every_community_and_recommendation_log_is_a_path_the_transitions_allow(self):
        for community in Community.objects.all():
            assert_log_is_an_allowed_path(community)
        for recommendation in Recommendation.objects.all():
            assert_log_is_an_allowed_path(recommendation)
        for review_round in ReviewRound.objects.all():
            assert_log_is_an_allowed_path(review_round)
        assert Recommendation.objects.count() >= 10

    def test_every_recommendation_was_made_after_its_community_was_published(self):
        for recommendation in Recommendation.objects.select_related("community"):
            made = recommendation.transitions.order_by("at", "pk").first().at
            published = recommendation.community.transitions.filter(to_status="published")
            assert published.filter(at__lt=made).exists(), recommendation.community.slug
            assert recommendation.created_at == made


def test_seed_demo_twice_creates_no_duplicates():
    seed()
    first = counts()
    output = seed()
    assert counts() == first
    assert "0 new demo communities" in output


def test_if_empty_does_nothing_when_a_community_exists(make_community):
    make_community("An existing network")
    output = seed("--if-empty")
    assert Community.objects.count() == 1
    assert not get_user_model().objects.filter(email="coordinator@example.org").exists()
    assert output.strip().count("\n") == 0 and "already" in output


def test_if_empty_seeds_an_empty_database():
    seed("--if-empty")
    assert Community.objects.count() >= 60


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Community.objects.exists()
    assert not get_user_model().objects.exists()


def test_volume_options_add_that_many_communities_and_contributions(demo):
    before = counts()
    seed("--communities", "50", "--contributions", "200", "--seed", "3")
    after = counts()
    assert after["Community"] - before["Community"] == 50
    assert after["Contribution"] - before["Contribution"] == 200
    slugs = list(Community.objects.values_list("slug", flat=True))
    names = list(Community.objects.values_list("name", flat=True))
    assert len(slugs) == len(set(slugs)) and len(names) == len(set(names))
    generated = Community.objects.order_by("-pk")[:50]
    for community in generated:
        assert community.topics.exists() and community.regions.exists()
        assert community.memberships.filter(role=Membership.Role.OWNER).exists()
    assert not Contribution.objects.filter(topics=None).exists()


def test_volume_runs_twice_keep_names_unique():
    seed("--communities", "30", "--seed", "1")
    seed("--communities", "30", "--seed", "1")
    slugs = list(Community.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_the_same_seed_generates_the_same_communities():
    def generated_names():
        with transaction.atomic():
            seed("--communities", "20", "--seed", "42")
            names = list(Community.objects.order_by("-pk").values_list("name", flat=True)[:20])
            transaction.set_rollback(True)
        return names

    assert generated_names() == generated_names()


def test_generated_communities_have_a_log_the_transitions_allow_ending_in_their_status(demo):
    before = set(Community.objects.values_list("pk", flat=True))
    seed("--communities", "30", "--contributions", "60")
    generated = Community.objects.exclude(pk__in=before)
    assert generated.count() == 30
    for community in generated:
        assert_log_is_an_allowed_path(community)
        assert all(entry.actor_id for entry in community.transitions.all())
        published = community.transitions.filter(to_status="published").order_by("at").first()
        assert community.published_at == (published.at if published else None)


def test_contributions_alone_are_added_to_existing_communities(demo):
    before = Contribution.objects.count()
    seed("--contributions", "25")
    assert Contribution.objects.count() - before == 25
    assert Community.objects.count() == counts()["Community"]


@pytest.mark.postgres
def test_bulk_inserted_communities_get_their_search_vector_on_postgresql():
    from django.db import connection

    from tests.conftest import require

    if connection.vendor != "postgresql":
        require("POSTGRES", "The search vector trigger needs DATABASE_URL=postgres://…")
    seed("--communities", "40", "--seed", "8")
    assert Community.objects.count() > 100
    assert not Community.objects.filter(search_vector__isnull=True).exists()
