"""Create the demo: realistic communities of practice, their contributions and impact
examples, a closed and an open review round, and one account per role.

    python manage.py seed_demo                       # the demo (idempotent)
    python manage.py seed_demo --if-empty            # only on a database without communities
    python manage.py seed_demo --communities 10000 --contributions 100000 --seed 1

The volume options add generated communities and contributions (with bulk inserts)
on top of the demo, for performance work. Demo accounts have a published password,
so the command refuses to run with DEBUG off.
"""

import datetime
import itertools
import random
import sys
from collections import Counter

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries as country_names
from tqdm import tqdm

from registry import demo_data as data
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    Function,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Language,
    Membership,
    MemberType,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    Region,
    ReviewRound,
    Scale,
    TaskForce,
    Topic,
    TransitionLog,
)

Status = Community.Status
RecStatus = Recommendation.Status
CLOSED_ROUND_TITLE = "Bureau meeting, May 2025"
FIRST_DATE = datetime.date(2019, 1, 1)
LAST_DATE = datetime.date(2027, 12, 31)
REGION_NAMES = {
    "africa": "Africa",
    "americas": "the Americas",
    "asia-pacific": "Asia and the Pacific",
    "europe-central-asia": "Europe and Central Asia",
}


class Vocabulary:
    """The reference data, by slug, loaded once."""

    def __init__(self):
        def by_slug(model):
            return {row.slug: row for row in model.objects.all()}

        self.topics = by_slug(Topic)
        self.functions = by_slug(Function)
        self.scales = by_slug(Scale)
        self.regions = by_slug(Region)
        self.member_types = by_slug(MemberType)
        self.languages = by_slug(Language)
        self.task_forces = by_slug(TaskForce)
        self.deliverables = by_slug(Deliverable)
        self.impact_types = by_slug(ImpactType)
        self.impact_scales = by_slug(ImpactScale)
        self.activities = {
            row.slug: row for row in ActivityType.objects.prefetch_related("functions")
        }
        self.activity_functions = {
            slug: {f.slug for f in row.functions.all()} for slug, row in self.activities.items()
        }


def bulk_link(model, field_name, pairs, *, batch_size):
    """Insert many-to-many rows directly into the through table: pairs of (pk, pk)."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = [through(**{source: a, target: b}) for a, b in pairs]
    through.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
    return len(rows)


def place_name(countries, regions, rng):
    """A country or region name for a title."""
    if countries:
        return str(country_names.name(rng.choice(countries)))
    if regions:
        return REGION_NAMES.get(rng.choice(regions), "the region")
    return rng.choice(list(REGION_NAMES.values()))


def pick_deliverable(
    vocab, topic_slugs, regions, year, rng, *, in_preparation=False, activity=None
):
    """A deliverable the topics (or the activity) draw on: one approved by that year (its
    findings can be used), or with ``in_preparation`` one not yet approved then (it can
    be scoped or reviewed)."""
    slugs = data.ACTIVITY_DELIVERABLES.get(activity) or [
        s for t in topic_slugs for s in data.TOPIC_DELIVERABLES.get(t, [])
    ] + [data.REGION_DELIVERABLE[r] for r in regions if r in data.REGION_DELIVERABLE]
    rows = [vocab.deliverables[s] for s in slugs if s in vocab.deliverables]
    if in_preparation:
        usable = [
            d for d in rows if d.kind == Deliverable.Kind.ONGOING or (d.year_approved or 0) > year
        ] or [vocab.deliverables["second-global-assessment"]]
    else:
        usable = [
            d for d in rows if d.kind != Deliverable.Kind.ONGOING and (d.year_approved or 0) <= year
        ] or [vocab.deliverables["global-assessment"]]
    return rng.choice(usable)


def join_words(words):
    """'a, b and c'."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def topic_short(vocab, slug):
    return data.TOPIC_SHORT.get(slug) or vocab.topics[slug].name.lower()


def deliverable_short(deliverable):
    return data.DELIVERABLE_SHORT.get(deliverable.slug, deliverable.name)


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class ContributionFactory:
    """Builds unsaved contributions with their topic and deliverable links."""

    def __init__(self, vocab, rng):
        self.vocab = vocab
        self.rng = rng
        self.used = Counter()

    def activity_for(self, function_slugs):
        """The least used activity type matching the community's functions."""
        candidates = [
            slug
            for slug, funcs in self.vocab.activity_functions.items()
            if not function_slugs or funcs & set(function_slugs)
        ] or list(self.vocab.activities)
        fewest = min(self.used[slug] for slug in candidates)
        slug = self.rng.choice([s for s in candidates if self.used[s] == fewest])
        self.used[slug] += 1
        return slug

    def build(
        self,
        community,
        *,
        topics,
        regions,
        scales,
        functions,
        member_types,
        founded,
        n,
        countries=None,
    ):
        rng = self.rng
        activity = self.activity_for(functions)
        earliest = max(FIRST_DATE, datetime.date(founded or 2019, 1, 1))
        start = random_date(rng, earliest, LAST_DATE)
        topic = rng.choice(topics)
        deliverable = pick_deliverable(
            self.vocab,
            topics,
            regions,
            start.year,
            rng,
            in_preparation=activity in data.PREPARATION_ACTIVITIES,
            activity=activity,
        )
        if countries is None:
            countries = [str(c) for c in community.countries]
        chosen = rng.sample(countries, min(len(countries), rng.randint(1, 2)))
        place = place_name(chosen[:1], regions, rng)
        words = {
            "place": place,
            "topic": topic_short(self.vocab, topic),
            "deliverable": deliverable_short(deliverable),
            "year": start.year,
            "who": join_words([data.MEMBER_PHRASES[m] for m in member_types[:2]]) or "members",
        }
        title = rng.choice(data.ACTIVITY_TITLES[activity]).format(**words)[:200]
        sentences = rng.sample(data.ACTIVITY_SENTENCES, 2)
        if activity in data.LONG_ACTIVITIES:
            end = start + datetime.timedelta(days=rng.randint(30, 400))
            participants = rng.choice([None, rng.randint(5, 80)])
        else:
            end = start + datetime.timedelta(days=rng.randint(0, 3))
            participants = rng.randint(12, 350)
        online = activity in data.ONLINE_ACTIVITIES or (not countries and rng.random() < 0.5)
        contribution = Contribution(
            community=community,
            activity_type=self.vocab.activities[activity],
            title=title,
            description=" ".join(s.format(**words) for s in sentences),
            start_date=start,
            end_date=end,
            scale=self.vocab.scales[rng.choice(scales)] if scales else None,
            countries=[] if online and rng.random() < 0.5 else chosen,
            online=online,
            evidence_url=f"https://{community.slug[:50]}.example.org/activities/{n}",
            participants=participants,
        )
        topic_links = {topic} | ({rng.choice(topics)} if rng.random() < 0.3 else set())
        return contribution, [self.vocab.topics[t].pk for t in topic_links], [deliverable.pk]


class DemoBuilder:
    """The curated demo: accounts, communities, contributions, impact, recognition."""

    def __init__(self, *, rng, progress, stdout):
        self.rng = rng
        self.progress = progress
        self.stdout = stdout
        self.vocab = Vocabulary()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.contributions = ContributionFactory(self.vocab, rng)
        self.users = {}
        self.links, self.memberships, self.log_entries = {}, [], []
        self.impact_types = itertools.cycle(sorted(self.vocab.impact_types))

    # --- accounts ---------------------------------------------------------------

    def ensure_users(self):
        User = get_user_model()
        hashed = make_password(data.PASSWORD)  # hash once: it is deliberately slow
        for email, first, last, group in data.ACCOUNTS + data.OTHER_USERS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "display_name": f"{first} {last}",
                    "password": hashed,
                    "is_staff": group is not None,
                },
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
            address, _created = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if not (address.verified and address.primary):
                address.verified = address.primary = True
                address.save(update_fields=["verified", "primary"])
            self.users[email] = user
        self.coordinators = [self.users[e] for e, *_rest, g in data.OTHER_USERS if g is None]

    # --- communities ---------------------------------------------------------------

    def log(self, community, actor, at, to_status, from_status="", note=""):
        return TransitionLog(
            community=community,
            actor=actor,
            at=at,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )

    def history(self, community, spec, owner):
        """Backdated transition log entries that lead to the community's status."""
        secretariat = self.users["secretariat@example.org"]
        registered = self.now - datetime.timedelta(days=self.rng.randint(60, 700))
        submitted = registered + datetime.timedelta(days=self.rng.randint(1, 10))
        decided = submitted + datetime.timedelta(days=self.rng.randint(1, 14))
        entries = [self.log(community, owner, registered, Status.DRAFT, note=_("Registered"))]
        published_at = None
        if spec.status != Status.DRAFT:
            entries.append(self.log(community, owner, submitted, Status.SUBMITTED, Status.DRAFT))
        if spec.status == Status.RETURNED:
            entries.append(
                self.log(
                    community,
                    secretariat,
                    decided,
                    Status.RETURNED,
                    Status.SUBMITTED,
                    note=(
                        "Thank you for registering. Please describe how the alliance "
                        "contributes to IPBES's work (for example uptake events or data) and "
                        "add the countries where the gardens are."
                    ),
                )
            )
        if spec.status in (Status.PUBLISHED, Status.ARCHIVED):
            published_at = decided
            entries.append(
                self.log(community, secretariat, decided, Status.PUBLISHED, Status.SUBMITTED)
            )
        if spec.status == Status.ARCHIVED:
            entries.append(
                self.log(
                    community,
                    owner,
                    decided + datetime.timedelta(days=30),
                    Status.ARCHIVED,
                    Status.PUBLISHED,
                    note=(
                        "The pilot ended in 2023; its data are kept by the European Pollinator "
                        "Monitoring Community."
                    ),
                )
            )
        return entries, registered, published_at

    def description(self, spec):
        who = join_words([data.MEMBER_PHRASES[m] for m in spec.members])
        topics = join_words([topic_short(self.vocab, t) for t in spec.topics])
        where = (
            join_words([str(country_names.name(c)) for c in spec.countries])
            if spec.countries
            else "many countries"
        )
        bullets = "\n".join(f"- {data.FUNCTION_BULLETS[f]}" for f in spec.functions)
        return (
            f"## Who we are\n\n"
            f"{spec.name} ({spec.acronym}) brings together {who} from {where}, working on "
            f"{topics}. Founded in {spec.founded}, it has about {spec.count} members.\n\n"
            f"## How we contribute to IPBES\n\n{bullets}\n\n"
            f"## Working languages\n\n"
            + ", ".join(self.vocab.languages[code].name for code in spec.languages)
            + ".\n"
        )

    def ensure_community(self, spec, index):
        slug = slugify(spec.name)
        community = Community.objects.filter(slug=slug).first()
        if community is not None:
            return community, False
        owner = self.users[spec.owner] if spec.owner else self.coordinators[index % 7]
        community = Community.objects.create(
            name=spec.name,
            slug=slug,
            acronym=spec.acronym,
            summary=spec.summary[:300],
            description=self.description(spec),
            website=f"https://{slug[:50]}.example.org/",
            contact_email=f"contact@{slug[:50]}.example.org",
            year_founded=spec.founded,
            member_count=spec.count,
            how_to_join=self.rng.choice(data.HOW_TO_JOIN),
            countries=spec.countries,
            status=spec.status,
        )
        for field, pool, slugs in (
            ("topics", self.vocab.topics, spec.topics),
            ("functions", self.vocab.functions, spec.functions),
            ("scales", self.vocab.scales, spec.scales),
            ("regions", self.vocab.regions, spec.regions),
            ("member_types", self.vocab.member_types, spec.members),
            ("languages", self.vocab.languages, spec.languages),
        ):
            self.links.setdefault(field, []).extend((community.pk, pool[s].pk) for s in slugs)
        self.memberships.append(
            Membership(user=owner, community=community, role=Membership.Role.OWNER)
        )
        if index % 3 == 0:  # some communities have a second coordinator, an editor
            editor = self.coordinators[(index + 3) % 7]
            if editor != owner:
                self.memberships.append(
                    Membership(user=editor, community=community, role=Membership.Role.EDITOR)
                )
        entries, registered, published_at = self.history(community, spec, owner)
        self.log_entries += entries
        Community.objects.filter(pk=community.pk).update(
            created_at=registered, published_at=published_at
        )
        return community, True

    def add_contributions(self, created):
        """Several contributions per new community, bulk-inserted."""
        rows, topic_links, deliverable_links = [], [], []
        for community, spec in created:
            count = self.rng.randint(3, 5) if spec.status == Status.PUBLISHED else 2
            for n in range(1, count + 1):
                contribution, topics, deliverables = self.contributions.build(
                    community,
                    topics=spec.topics,
                    regions=spec.regions,
                    scales=spec.scales,
                    functions=spec.functions,
                    member_types=spec.members,
                    founded=spec.founded,
                    n=n,
                )
                rows.append((contribution, topics, deliverables))
        Contribution.objects.bulk_create([row[0] for row in rows], batch_size=500)
        for contribution, topics, deliverables in rows:
            topic_links += [(contribution.pk, t) for t in topics]
            deliverable_links += [(contribution.pk, d) for d in deliverables]
        bulk_link(Contribution, "topics", topic_links, batch_size=1000)
        bulk_link(Contribution, "deliverables", deliverable_links, batch_size=1000)

    def add_impact_examples(self, created):
        """Examples of IPBES impact for about two thirds of the new published communities,
        every impact type used."""
        scale_for = {
            "local": "city-community",
            "national": "national",
            "subregional": "regional",
            "regional": "regional",
            "global": "global",
        }
        for index, (community, spec) in enumerate(created):
            if spec.status != Status.PUBLISHED or index % 3 == 2:
                continue
            for _n in range(1 if index % 4 else 2):
                impact_type = next(self.impact_types)
                date = random_date(
                    self.rng, datetime.date(2017, 1, 1), self.today - datetime.timedelta(days=30)
                )
                deliverable = pick_deliverable(
                    self.vocab, spec.topics, spec.regions, date.year - 1, self.rng
                )
                countries = self.rng.sample(spec.countries, min(2, len(spec.countries)))
                place = place_name(countries[:1], spec.regions, self.rng)
                words = {
                    "place": place,
                    "topic": topic_short(self.vocab, self.rng.choice(spec.topics)),
                    "deliverable": deliverable_short(deliverable),
                }
                title = self.rng.choice(data.IMPACT_TITLES[impact_type]).format(**words)
                scale = "organisational" if self.rng.random() < 0.1 else scale_for[spec.scales[0]]
                example = ImpactExample.objects.create(
                    community=community,
                    impact_type=self.vocab.impact_types[impact_type],
                    impact_scale=self.vocab.impact_scales[scale],
                    title=title[:200],
                    description=(
                        f"{spec.name} shared the key messages of the {words['deliverable']} "
                        f"with decision-makers in {place}.\n\n"
                        f"- **What changed**: {data.IMPACT_CHANGES[impact_type].format(**words)}\n"
                        "- **The community's role**: briefings, data and expert advice on "
                        f"{words['topic']}."
                    ),
                    date=date,
                    countries=countries,
                    evidence_url=f"https://{community.slug[:50]}.example.org/impact/{_n + 1}",
                )
                example.deliverables.set([deliverable])

    # --- recognition -----------------------------------------------------------------

    def recommend(self, *, slug, task_force, by, at, review_round, status, note=""):
        """A recommendation with its evidence and backdated log; None when not possible."""
        community = Community.objects.filter(slug=slug, status=Status.PUBLISHED).first()
        if community is None or community.recommendations.open().exists():
            return None
        if status == RecStatus.ENDORSED and community.recognitions.active().exists():
            return None
        bureau = self.users["bureau@example.org"]
        topic = community.topics.first()
        decided_at = datetime.datetime.combine(
            review_round.meeting_date, datetime.time(15), tzinfo=datetime.UTC
        )
        decision = {}
        if status in Recommendation.DECISIONS:
            decision = {"decided_at": decided_at, "decided_by": bureau, "decision_note": note}
        recommendation = Recommendation.objects.create(
            community=community,
            task_force=self.vocab.task_forces[task_force],
            rationale=self.rng.choice(data.RATIONALES).format(
                name=community.name, topic=topic.name.lower() if topic else "IPBES topics"
            ),
            conflict_of_interest=self.rng.choice(data.CONFLICTS),
            recommended_by=by,
            round=review_round if status != RecStatus.DRAFT else None,
            status=status,
            **decision,
        )
        evidence = (
            community.contributions.filter(start_date__lt=at.date()).order_by("-start_date")[:3]
            or community.contributions.all()[:2]
        )
        RecommendationEvidence.objects.bulk_create(
            RecommendationEvidence(recommendation=recommendation, contribution=c) for c in evidence
        )
        submitted_at = at + datetime.timedelta(days=2)
        logs = [
            TransitionLog(recommendation=recommendation, actor=by, at=at, to_status=RecStatus.DRAFT)
        ]
        fields = {"created_at": at}
        if status != RecStatus.DRAFT:
            fields["submitted_at"] = submitted_at
            logs.append(
                TransitionLog(
                    recommendation=recommendation,
                    actor=by,
                    at=submitted_at,
                    from_status=RecStatus.DRAFT,
                    to_status=RecStatus.SUBMITTED,
                    note=str(review_round),
                )
            )
        if status in Recommendation.DECISIONS:
            logs.append(
                TransitionLog(
                    recommendation=recommendation,
                    actor=bureau,
                    at=decided_at,
                    from_status=RecStatus.SUBMITTED,
                    to_status=status,
                    note=note,
                )
            )
            if status == RecStatus.ENDORSED:
                recognition = Recognition.objects.create(
                    community=community,
                    recommendation=recommendation,
                    since=review_round.meeting_date,
                    round=review_round,
                    task_force=recommendation.task_force,
                )
                logs.append(
                    TransitionLog(
                        recognition=recognition,
                        actor=bureau,
                        at=decided_at,
                        to_status="active",
                        note=note,
                    )
                )
        Recommendation.objects.filter(pk=recommendation.pk).update(**fields)
        TransitionLog.objects.bulk_create(logs)
        return recommendation

    def ensure_rounds(self):
        if ReviewRound.objects.filter(title=CLOSED_ROUND_TITLE).exists():
            return
        if ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).exists():
            self.stdout.write(
                _("A review round is already open: the demo review rounds were not created.")
            )
            return
        bureau = self.users["bureau@example.org"]
        member = self.users["taskforce@example.org"]
        other = self.users["olumide.adeyemi@example.org"]
        utc = datetime.UTC
        closed = ReviewRound.objects.create(
            title=CLOSED_ROUND_TITLE,
            meeting_date=datetime.date(2025, 5, 20),
            status=ReviewRound.Status.CLOSED,
            opened_at=datetime.datetime(2025, 2, 3, 9, tzinfo=utc),
            closed_at=datetime.datetime(2025, 5, 23, 9, tzinfo=utc),
        )
        TransitionLog.objects.bulk_create(
            [
                TransitionLog(
                    review_round=closed, actor=bureau, at=closed.opened_at, to_status="open"
                ),
                TransitionLog(
                    review_round=closed,
                    actor=bureau,
                    at=closed.closed_at,
                    from_status="open",
                    to_status="closed",
                ),
            ]
        )
        endorse = _(
            "Endorsed: the community's activities significantly support the implementation "
            "of the IPBES work programme."
        )
        first = [
            ("west-african-pollinator-network", "capacity-building", member, RecStatus.ENDORSED,
             endorse),
            ("brazilian-network-on-biological-invasions", "knowledge-data", other,
             RecStatus.ENDORSED, endorse),
            ("indigenous-biodiversity-knowledge-circle-of-the-americas",
             "indigenous-local-knowledge", member, RecStatus.ENDORSED, endorse),
            ("national-ecosystem-assessment-practitioners-network", "capacity-building", other,
             RecStatus.ENDORSED, endorse),
            ("european-nature-futures-collective", "scenarios-models", member,
             RecStatus.ENDORSED, endorse),
            ("african-biodiversity-data-network", "knowledge-data", member, RecStatus.ENDORSED,
             endorse),
            ("corporate-nature-disclosure-community-europe", "policy-tools", other,
             RecStatus.DECLINED,
             "Declined for now: the community is young and its contributions to IPBES are not "
             "yet documented. A new recommendation is welcome once they are."),
            ("urban-nature-local-action-network", "policy-tools", member, RecStatus.DECLINED,
             "Declined: valuable local work, but the activities listed do not yet relate to "
             "IPBES products."),
            ("andean-invasive-species-observatory", "knowledge-data", member, RecStatus.DEFERRED,
             "Deferred to the next round: the Bureau asks for evidence of the data the "
             "observatory provided to the invasive alien species assessment."),
        ]  # fmt: skip
        for index, (slug, task_force, by, status, note) in enumerate(first):
            at = datetime.datetime(2025, 3, 3 + index, 10, tzinfo=utc)
            self.recommend(
                slug=slug,
                task_force=task_force,
                by=by,
                at=at,
                review_round=closed,
                status=status,
                note=note,
            )
        self.progress.update(1)

        meeting = self.today + datetime.timedelta(days=75)
        opened_at = self.now - datetime.timedelta(days=20)
        current = ReviewRound.objects.create(
            title=f"Bureau meeting, {meeting:%B %Y}", meeting_date=meeting, opened_at=opened_at
        )
        logs = [TransitionLog(review_round=current, actor=bureau, at=opened_at, to_status="open")]
        for deferred in Recommendation.objects.filter(status=RecStatus.DEFERRED, round=closed):
            Recommendation.objects.filter(pk=deferred.pk).update(
                status=RecStatus.SUBMITTED,
                round=current,
                decision_note="",
                decided_by=None,
                decided_at=None,
            )
            logs.append(
                TransitionLog(
                    recommendation=deferred,
                    actor=bureau,
                    at=opened_at,
                    from_status=RecStatus.DEFERRED,
                    to_status=RecStatus.SUBMITTED,
                    note=_("Moved to %(round)s") % {"round": current},
                )
            )
        TransitionLog.objects.bulk_create(logs)
        second = [
            ("chilean-invasive-alien-species-network", "policy-tools", RecStatus.SUBMITTED),
            ("east-african-bee-and-pollination-forum", "indigenous-local-knowledge",
             RecStatus.SUBMITTED),
            ("policy-support-tools-exchange", "policy-tools", RecStatus.SUBMITTED),
            ("asia-pacific-biodiversity-assessment-network", "capacity-building",
             RecStatus.SUBMITTED),
            ("sahel-land-restoration-community", "capacity-building", RecStatus.DRAFT),
        ]  # fmt: skip
        for index, (slug, task_force, status) in enumerate(second):
            self.recommend(
                slug=slug,
                task_force=task_force,
                by=member,
                at=opened_at + datetime.timedelta(days=1 + index),
                review_round=current,
                status=status,
            )
        self.progress.update(1)

    def build(self):
        self.ensure_users()
        self.progress.update(1)
        created = []
        for index, spec in enumerate(data.COMMUNITIES):
            community, is_new = self.ensure_community(spec, index)
            if is_new:
                created.append((community, spec))
            self.progress.update(1)
        for field, pairs in self.links.items():
            bulk_link(Community, field, pairs, batch_size=1000)
        Membership.objects.bulk_create(self.memberships)
        TransitionLog.objects.bulk_create(self.log_entries)
        self.add_contributions(created)
        self.add_impact_examples(created)
        self.progress.update(1)
        self.ensure_rounds()
        return len(created)


class VolumeGenerator:
    """Many generated communities and contributions, inserted in bulk."""

    STATUSES = [Status.PUBLISHED] * 92 + [Status.DRAFT] * 3 + [Status.SUBMITTED] * 2
    STATUSES += [Status.RETURNED] + [Status.ARCHIVED] * 2

    def __init__(self, *, rng, batch_size, show_progress):
        self.rng = rng
        self.batch_size = batch_size
        self.show_progress = show_progress
        self.vocab = Vocabulary()
        self.contributions = ContributionFactory(self.vocab, rng)

    def bar(self, total, desc):
        return tqdm(
            total=total, desc=desc, unit="row", file=sys.stderr, disable=not self.show_progress
        )

    def names(self, count):
        """Unique names (and slugs) not yet in the database."""
        taken = set(Community.objects.values_list("slug", flat=True))
        combos = [
            (place, region, theme, topics, kind)
            for region, (places, _codes) in data.PLACES.items()
            for place in places
            for theme, topics in data.THEMES
            for kind in data.KINDS
        ]
        self.rng.shuffle(combos)
        for cycle in itertools.count(1):
            for place, region, theme, topics, kind in combos:
                name = f"{place} {theme} {kind}" + (f" {cycle}" if cycle > 1 else "")
                slug = slugify(name)[:100]
                if slug in taken:
                    continue
                taken.add(slug)
                yield name, slug, region, topics
                count -= 1
                if count == 0:
                    return

    def owners(self, count):
        User = get_user_model()
        taken = set(
            User.objects.filter(email__endswith="@volume.example.org").values_list(
                "email", flat=True
            )
        )
        unusable = make_password(None)
        users, n = [], 0
        while len(users) < count:
            n += 1
            email = f"coordinator{n}@volume.example.org"
            if email not in taken:
                users.append(User(email=email, display_name=f"Coordinator {n}", password=unusable))
        User.objects.bulk_create(users, batch_size=self.batch_size)
        return list(
            User.objects.filter(email__in=[u.email for u in users]).values_list("pk", flat=True)
        )

    def community(self, name, slug, region, topic, rng):
        _places, codes = data.PLACES[region]
        status = rng.choice(self.STATUSES)
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:30]
        members = rng.randint(10, 2000)
        published = None
        if status in (Status.PUBLISHED, Status.ARCHIVED):
            published = timezone.now() - datetime.timedelta(days=rng.randint(1, 900))
        return Community(
            name=name,
            slug=slug,
            acronym=acronym,
            summary=rng.choice(data.VOLUME_SUMMARIES).format(
                name=name, topic=topic_short(self.vocab, topic), region=REGION_NAMES[region]
            )[:300],
            description=(
                f"## About\n\nThe {name} ({acronym}) has about {members} members.\n\n"
                "## How we contribute to IPBES\n\n- Workshops and uptake events\n"
                "- Data and expert nominations\n"
            ),
            website=f"https://{slug[:50]}.example.org/",
            contact_email=f"contact@{slug[:50]}.example.org",
            year_founded=rng.randint(1995, 2025),
            member_count=members,
            how_to_join=rng.choice(data.HOW_TO_JOIN),
            countries=rng.sample(codes, rng.randint(1, 4)),
            status=status,
            published_at=published,
        )

    def add_communities(self, count):
        rng, vocab = self.rng, self.vocab
        owners = self.owners(max(1, count // 5))
        specs, objects = [], []
        for name, slug, region, topics in self.names(count):
            objects.append(self.community(name, slug, region, topics[0], rng))
            specs.append((region, topics))
        with self.bar(count, _("Communities")) as bar:
            for start in range(0, count, self.batch_size):
                batch = objects[start : start + self.batch_size]
                Community.objects.bulk_create(batch)
                bar.update(len(batch))
        links = {name: [] for name in ("topics", "regions", "scales", "functions")}
        links.update(member_types=[], languages=[])
        memberships = []
        all_topics = list(vocab.topics)
        other_regions = list(vocab.regions)
        for community, (region, topics) in zip(objects, specs, strict=True):
            pk = community.pk
            chosen = set(topics) | ({rng.choice(all_topics)} if rng.random() < 0.4 else set())
            links["topics"] += [(pk, vocab.topics[t].pk) for t in chosen]
            regions = {region} | ({rng.choice(other_regions)} if rng.random() < 0.1 else set())
            links["regions"] += [(pk, vocab.regions[r].pk) for r in regions]
            for field, pool, most in (
                ("scales", vocab.scales, 2),
                ("functions", vocab.functions, 3),
                ("member_types", vocab.member_types, 3),
                ("languages", vocab.languages, 2),
            ):
                picked = rng.sample(list(pool), rng.randint(1, most))
                links[field] += [(pk, pool[slug].pk) for slug in picked]
            memberships.append(
                Membership(user_id=rng.choice(owners), community=community, role="owner")
            )
        total = sum(len(pairs) for pairs in links.values()) + len(memberships)
        with self.bar(total, _("Community links")) as bar:
            for field, pairs in links.items():
                for start in range(0, len(pairs), self.batch_size * 5):
                    chunk = pairs[start : start + self.batch_size * 5]
                    bulk_link(Community, field, chunk, batch_size=self.batch_size)
                    bar.update(len(chunk))
            Membership.objects.bulk_create(memberships, batch_size=self.batch_size)
            bar.update(len(memberships))
        return [
            (c, list(topics), [region], [str(code) for code in c.countries])
            for c, (region, topics) in zip(objects, specs, strict=True)
        ]

    def add_contributions(self, count, targets):
        rng = self.rng
        scales, functions = list(self.vocab.scales), list(self.vocab.functions)
        members = list(self.vocab.member_types)
        with self.bar(count, _("Contributions")) as bar:
            for start in range(0, count, self.batch_size):
                rows = []
                for n in range(start, min(count, start + self.batch_size)):
                    community, topics, regions, countries = rng.choice(targets)
                    rows.append(
                        self.contributions.build(
                            community,
                            topics=topics,
                            regions=regions,
                            scales=[rng.choice(scales)],
                            functions=rng.sample(functions, 2),
                            member_types=rng.sample(members, 2),
                            founded=community.year_founded,
                            n=n,
                            countries=countries,
                        )
                    )
                Contribution.objects.bulk_create([row[0] for row in rows])
                bulk_link(
                    Contribution,
                    "topics",
                    [(row[0].pk, t) for row in rows for t in row[1]],
                    batch_size=self.batch_size,
                )
                bulk_link(
                    Contribution,
                    "deliverables",
                    [(row[0].pk, d) for row in rows for d in row[2]],
                    batch_size=self.batch_size,
                )
                bar.update(len(rows))

    def existing_targets(self):
        targets = []
        communities = Community.objects.prefetch_related("topics", "regions")
        for community in communities:
            topics = [t.slug for t in community.topics.all()] or ["science-policy-interface"]
            regions = [r.slug for r in community.regions.all()]
            targets.append((community, topics, regions, [str(c) for c in community.countries]))
        return targets

    def run(self, *, communities, contributions):
        targets = self.add_communities(communities) if communities else []
        if contributions:
            targets = targets or self.existing_targets()
            if not targets:
                raise CommandError(_("There is no community to add contributions to."))
            self.add_contributions(contributions, targets)


class Command(BaseCommand):
    help = _(
        "Create demo data (communities, contributions, review rounds and one account per "
        "role); with --communities/--contributions, add generated data for performance work."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when the database already has a community."),
        )
        parser.add_argument(
            "--communities",
            type=int,
            default=0,
            help=_("Also generate this many communities (bulk inserts)."),
        )
        parser.add_argument(
            "--contributions",
            type=int,
            default=0,
            help=_("Also generate this many contributions (bulk inserts)."),
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Random seed, for reproducible data.")
        )
        parser.add_argument("--batch-size", type=int, default=1000, help=_("Rows per bulk insert."))

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "seed_demo creates accounts with a published password: it refuses to run "
                    "with DEBUG off. Run it only on a development database."
                )
            )
        if options["communities"] < 0 or options["contributions"] < 0:
            raise CommandError(_("--communities and --contributions cannot be negative."))
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        if options["if_empty"] and Community.objects.exists():
            self.stdout.write(_("The database already has communities: no demo data added."))
            return
        show_progress = options["verbosity"] > 0
        rng = random.Random(options["seed"])
        steps = 4 + len(data.COMMUNITIES)
        started = timezone.now()
        with (
            tqdm(total=steps, desc=_("Demo"), file=sys.stderr, disable=not show_progress) as bar,
            transaction.atomic(),
        ):
            created = DemoBuilder(rng=rng, progress=bar, stdout=self.stdout).build()
        if options["communities"] or options["contributions"]:
            with transaction.atomic():
                VolumeGenerator(
                    rng=rng, batch_size=options["batch_size"], show_progress=show_progress
                ).run(communities=options["communities"], contributions=options["contributions"])
            # Fresh planner statistics: without them, PostgreSQL and SQLite choose poor
            # plans for the tables that just grew (measured in docs/performance.md).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo ready in %(seconds).1f s: %(new)d new demo communities; the database "
                    "has %(communities)d communities and %(contributions)d contributions."
                )
                % {
                    "seconds": seconds,
                    "new": created,
                    "communities": Community.objects.count(),
                    "contributions": Contribution.objects.count(),
                }
            )
        )
