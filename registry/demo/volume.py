"""Many generated communities and contributions for performance work, inserted in bulk.

Bulk inserts skip the services (one service call per row would take hours for 10,000
communities), so each generated community gets a status and a transition log that
follow a path of registry.services.transitions: the rows look as if the services had
made them.
"""

import datetime
import itertools
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry import data_version
from registry.demo import data
from registry.demo.history import shortest_paths
from registry.demo.vocabulary import (
    REGION_NAMES,
    ContributionFactory,
    Vocabulary,
    bulk_link,
    topic_short,
)
from registry.models import Community, Contribution, Membership, TransitionLog
from registry.models.links import sync_activities, sync_countries

Status = Community.Status
# The mix of statuses to generate: mostly published, a few of every other.
STATUSES = [Status.PUBLISHED] * 92 + [Status.DRAFT] * 3 + [Status.SUBMITTED] * 2
STATUSES += [Status.RETURNED] + [Status.ARCHIVED] * 2
SECRETARIAT = "secretariat@example.org"


class VolumeGenerator:
    """Many generated communities and contributions, inserted in bulk."""

    def __init__(self, *, rng, batch_size, show_progress):
        self.rng = rng
        self.batch_size = batch_size
        self.show_progress = show_progress
        self.vocab = Vocabulary()
        self.contributions = ContributionFactory(self.vocab, rng)
        self.now = timezone.now()
        self.paths = shortest_paths(Community)
        self.staff = get_user_model().objects.filter(email=SECRETARIAT).first()

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

    def history(self, status, rng):
        """The dated steps of the shortest path to ``status``: [(from status, row, at)],
        the last between 1 and 900 days ago, each one to two weeks after the one before."""
        at = self.now - datetime.timedelta(days=rng.randint(1, 900))
        steps = []
        for from_status, row in reversed(self.paths[status]):
            steps.append((from_status, row, at))
            at -= datetime.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 23))
        return steps[::-1]

    def community(self, name, slug, region, topic, steps, rng):
        _places, codes = data.PLACES[region]
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:30]
        members = rng.randint(10, 2000)
        published = next((at for _f, row, at in steps if row.target == Status.PUBLISHED), None)
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
            status=steps[-1][1].target,
            published_at=published,
        )

    def owner_makes(self, community, owner_id):
        """Row name -> whether an owner makes that transition (else the Secretariat does),
        as the table's ``may`` answers it for one generated community and its owner."""
        owner = get_user_model().objects.get(pk=owner_id)
        rows = {row for path in self.paths.values() for _from, row in path}
        return {row.name: bool(row.may(owner, community)) for row in rows}

    def log_rows(self, community, owner_id, steps, owner_makes):
        """The community's transition log, made by its owner or the demo's Secretariat."""
        staff_id = self.staff.pk if self.staff else None
        return [
            TransitionLog(
                community=community,
                actor_id=owner_id if owner_makes[row.name] else staff_id,
                at=at,
                from_status=from_status,
                to_status=row.target,
                note=_("Registered") if not from_status else "",
            )
            for from_status, row, at in steps
        ]

    def add_communities(self, count):
        rng, vocab = self.rng, self.vocab
        owners = self.owners(max(1, count // 5))
        specs, objects = [], []
        for name, slug, region, topics in self.names(count):
            steps = self.history(rng.choice(STATUSES), rng)
            objects.append(self.community(name, slug, region, topics[0], steps, rng))
            specs.append((region, topics, steps))
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
        for community, (region, topics, _steps) in zip(objects, specs, strict=True):
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
            owner_id = rng.choice(owners)
            memberships.append(Membership(user_id=owner_id, community=community, role="owner"))
        total = sum(len(pairs) for pairs in links.values()) + len(memberships)
        total += sum(len(steps) for _region, _topics, steps in specs)
        with self.bar(total, _("Community links")) as bar:
            for field, pairs in links.items():
                for start in range(0, len(pairs), self.batch_size * 5):
                    chunk = pairs[start : start + self.batch_size * 5]
                    bulk_link(Community, field, chunk, batch_size=self.batch_size)
                    bar.update(len(chunk))
            Membership.objects.bulk_create(memberships, batch_size=self.batch_size)
            bar.update(len(memberships))
            owner_makes = self.owner_makes(objects[0], memberships[0].user_id)
            logs = [
                entry
                for community, membership, (_region, _topics, steps) in zip(
                    objects, memberships, specs, strict=True
                )
                for entry in self.log_rows(community, membership.user_id, steps, owner_makes)
            ]
            TransitionLog.objects.bulk_create(logs, batch_size=self.batch_size)
            bar.update(len(logs))
        sync_countries(objects)  # bulk_create sends no signal: the derived links by hand
        return [
            (c, list(topics), [region], [str(code) for code in c.countries])
            for c, (region, topics, _steps) in zip(objects, specs, strict=True)
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
            sync_activities(c.pk for c, _topics, _regions, _countries in targets)
        data_version.bump()  # bulk inserts send no signal
