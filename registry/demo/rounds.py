"""The demo's review rounds, made through the recognition services in date order: a
closed round (May 2025) whose recommendations the Bureau endorsed, declined or deferred,
and an open round, which the deferred one moved into, with new recommendations."""

import datetime

from django.utils.translation import gettext as _

from registry import services
from registry.demo import data
from registry.demo.history import backdate
from registry.models import Community, Recommendation, ReviewRound

RecStatus = Recommendation.Status
UTC = datetime.UTC
CLOSED_ROUND_TITLE = "Bureau meeting, May 2025"
CLOSED_ROUND_OPENED = datetime.datetime(2025, 2, 3, 9, tzinfo=UTC)
CLOSED_ROUND_MEETING = datetime.date(2025, 5, 20)
CLOSED_ROUND_CLOSED = datetime.datetime(2025, 5, 23, 9, tzinfo=UTC)
MEMBER, OTHER = "taskforce@example.org", "olumide.adeyemi@example.org"
BUREAU = "bureau@example.org"


def closed_round_plan():
    """(community slug, task force, recommending member, decision, note)."""
    endorse = _(
        "Endorsed: the community's activities significantly support the implementation "
        "of the IPBES work programme."
    )
    return [
        ("west-african-pollinator-network", "capacity-building", MEMBER, RecStatus.ENDORSED,
         endorse),
        ("brazilian-network-on-biological-invasions", "knowledge-data", OTHER,
         RecStatus.ENDORSED, endorse),
        ("indigenous-biodiversity-knowledge-circle-of-the-americas",
         "indigenous-local-knowledge", MEMBER, RecStatus.ENDORSED, endorse),
        ("national-ecosystem-assessment-practitioners-network", "capacity-building", OTHER,
         RecStatus.ENDORSED, endorse),
        ("european-nature-futures-collective", "scenarios-models", MEMBER,
         RecStatus.ENDORSED, endorse),
        ("african-biodiversity-data-network", "knowledge-data", MEMBER, RecStatus.ENDORSED,
         endorse),
        ("corporate-nature-disclosure-community-europe", "policy-tools", OTHER,
         RecStatus.DECLINED,
         "Declined for now: the community is young and its contributions to IPBES are not "
         "yet documented. A new recommendation is welcome once they are."),
        ("urban-nature-local-action-network", "policy-tools", MEMBER, RecStatus.DECLINED,
         "Declined: valuable local work, but the activities listed do not yet relate to "
         "IPBES products."),
        ("andean-invasive-species-observatory", "knowledge-data", MEMBER, RecStatus.DEFERRED,
         "Deferred to the next round: the Bureau asks for evidence of the data the "
         "observatory provided to the invasive alien species assessment."),
    ]  # fmt: skip


# (community slug, task force, submitted: False leaves a draft), all by MEMBER.
OPEN_ROUND_PLAN = [
    ("chilean-invasive-alien-species-network", "policy-tools", True),
    ("east-african-bee-and-pollination-forum", "indigenous-local-knowledge", True),
    ("policy-support-tools-exchange", "policy-tools", True),
    ("asia-pacific-biodiversity-assessment-network", "capacity-building", True),
    ("sahel-land-restoration-community", "capacity-building", False),
]


class DemoRounds:
    """The two review rounds and their recommendations, as dated actions."""

    def __init__(self, *, users, vocab, rng, now, today):
        self.users = users
        self.vocab = vocab
        self.rng = rng
        self.meeting = today + datetime.timedelta(days=75)
        self.opened = now - datetime.timedelta(days=20)
        self.rounds = {}  # "closed" / "open" -> ReviewRound
        self.recommendations = {}  # community slug -> Recommendation (None: not possible)

    def closed_round_dates(self):
        return [
            datetime.datetime(2025, 3, 3 + index, 10, tzinfo=UTC)
            for index in range(len(closed_round_plan()))
        ]

    def open_round_dates(self):
        return [
            self.opened + datetime.timedelta(days=1 + index)
            for index in range(len(OPEN_ROUND_PLAN))
        ]

    def recommended_on(self):
        """Community slug -> when the demo recommends it: it must be published by then."""
        slugs = [plan[0] for plan in closed_round_plan() + OPEN_ROUND_PLAN]
        return dict(zip(slugs, self.closed_round_dates() + self.open_round_dates(), strict=True))

    def plan(self, timeline, *, stdout):
        """Put both rounds on the timeline; False when the database already has them (or
        another open round)."""
        if ReviewRound.objects.filter(title=CLOSED_ROUND_TITLE).exists():
            return False
        if ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).exists():
            stdout.write(
                _("A review round is already open: the demo review rounds were not created.")
            )
            return False
        timeline.add(
            CLOSED_ROUND_OPENED,
            self.open_round,
            "closed",
            title=CLOSED_ROUND_TITLE,
            meeting_date=CLOSED_ROUND_MEETING,
        )
        decided_at = datetime.datetime.combine(CLOSED_ROUND_MEETING, datetime.time(15), UTC)
        plans = zip(closed_round_plan(), self.closed_round_dates(), strict=True)
        for (slug, task_force, by, decision, note), at in plans:
            self.plan_recommendation(timeline, slug, task_force, self.users[by], at)
            timeline.add(decided_at, self.decide, slug, decision=decision, note=note)
        timeline.add(CLOSED_ROUND_CLOSED, self.close_round, "closed")
        timeline.add(
            self.opened,
            self.open_round,
            "open",
            title=f"Bureau meeting, {self.meeting:%B %Y}",
            meeting_date=self.meeting,
        )
        member = self.users[MEMBER]
        for (slug, task_force, submitted), at in zip(
            OPEN_ROUND_PLAN, self.open_round_dates(), strict=True
        ):
            self.plan_recommendation(timeline, slug, task_force, member, at, submit=submitted)
        return True

    def plan_recommendation(self, timeline, slug, task_force, by, at, *, submit=True):
        timeline.add(at, self.recommend, slug, task_force=task_force, by=by)
        if submit:
            timeline.add(at + datetime.timedelta(days=2), self.submit, slug, by=by)

    # --- the dated actions ------------------------------------------------------------

    def open_round(self, key, *, title, meeting_date, now):
        self.rounds[key] = services.round_open(
            user=self.users[BUREAU], title=title, meeting_date=meeting_date, now=now
        )

    def close_round(self, key, *, now):
        services.round_close(review_round=self.rounds[key], user=self.users[BUREAU], now=now)

    def recommend(self, slug, *, task_force, by, now):
        """A draft recommendation with its evidence, unless the database's own data make
        it impossible (the community missing, unpublished, recognised or already
        recommended)."""
        community = Community.objects.published().filter(slug=slug).first()
        if (
            community is None
            or community.recommendations.open().exists()
            or services.is_recognised(community)
        ):
            self.recommendations[slug] = None
            return
        topic = community.topics.first()
        evidence = (
            community.contributions.filter(start_date__lt=now.date()).order_by("-start_date")[:3]
            or community.contributions.all()[:2]
        )
        recommendation = services.recommendation_create(
            community=community,
            user=by,
            task_force=self.vocab.task_forces[task_force],
            rationale=self.rng.choice(data.RATIONALES).format(
                name=community.name, topic=topic.name.lower() if topic else "IPBES topics"
            ),
            conflict_of_interest=self.rng.choice(data.CONFLICTS),
            contributions=list(evidence),
            now=now,
        )
        backdate(Recommendation, recommendation, now)
        self.recommendations[slug] = recommendation

    def submit(self, slug, *, by, now):
        if self.recommendations[slug] is not None:
            services.recommendation_submit(
                recommendation=self.recommendations[slug], user=by, now=now
            )

    def decide(self, slug, *, decision, note, now):
        if self.recommendations[slug] is not None:
            services.recommendation_decide(
                recommendation=self.recommendations[slug],
                user=self.users[BUREAU],
                decision=decision,
                note=note,
                now=now,
            )
