"""What the demo and the volume generator share: the reference data by slug, words for
titles, bulk links, and the factory of contributions."""

import datetime
import functools
from collections import Counter

from django.db import connection
from django.utils.translation import get_language
from django_countries import countries as country_names

from registry import data_version
from registry.demo import data
from registry.models import (
    ActivityType,
    Contribution,
    Deliverable,
    Function,
    ImpactScale,
    ImpactType,
    Language,
    MemberType,
    Region,
    Scale,
    TaskForce,
    Topic,
)

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
    # Plain parametrised INSERTs: building one model instance per link and letting
    # bulk_create prepare each value took most of the volume generator's time. The
    # table and column names come from the model, never from input.
    table = connection.ops.quote_name(through._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in (source, target))
    if connection.vendor == "postgresql":
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s) ON CONFLICT DO NOTHING"  # noqa: S608
    else:
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608
    pairs = list(pairs)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch_size):
            cursor.executemany(sql, pairs[start : start + batch_size])
    data_version.bump()  # raw inserts send no signal
    return len(pairs)


def _country_name(code):
    return _country_name_in(code, get_language())


@functools.cache
def _country_name_in(code, language):
    # django-countries looks the name up in a translated table on every call.
    return str(country_names.name(code))


def place_name(countries, regions, rng):
    """A country or region name for a title."""
    if countries:
        return _country_name(rng.choice(countries))
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
