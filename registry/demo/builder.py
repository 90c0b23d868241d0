"""The curated demo: one account per role, the named communities of practice with their
contributions and impact examples, and two review rounds (registry.demo.rounds).

Every status comes from the real services, called in the order of their backdated
dates: the owner registers and submits, the Secretariat publishes or returns, the
owner archives; the task force recommends, the Bureau opens rounds and decides.
"""

import datetime
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries as country_names

from registry import data_version, services
from registry.demo import data
from registry.demo.history import Timeline, backdate, queued_mail_discarded, shortest_paths
from registry.demo.logos import has_logo, logo_upload
from registry.demo.rounds import DemoRounds
from registry.demo.vocabulary import (
    ContributionFactory,
    Vocabulary,
    bulk_link,
    deliverable_short,
    join_words,
    pick_deliverable,
    place_name,
    random_date,
    topic_short,
)
from registry.forms import CommunityForm
from registry.models import Community, Contribution, ImpactExample, Membership
from registry.models.links import sync_activities

Status = Community.Status
RETURN_REASON = (
    "Thank you for registering. Please describe how the alliance contributes to IPBES's "
    "work (for example uptake events or data) and add the countries where the gardens are."
)
ARCHIVE_NOTE = (
    "The pilot ended in 2023; its data are kept by the European Pollinator Monitoring Community."
)
# How an impact example's scale follows from the community's first scale.
IMPACT_SCALE_FOR = {
    "local": "city-community",
    "national": "national",
    "subregional": "regional",
    "regional": "regional",
    "global": "global",
}


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
        self.created = {}  # index in data.COMMUNITIES -> (community, spec), new in this run
        self.impact_types = itertools.cycle(sorted(self.vocab.impact_types))
        self.paths = shortest_paths(Community)

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

    def registration_form(self, spec, slug, how_to_join, *, logo=False):
        """The registration form, filled in as a coordinator would (a few upload a logo),
        and checked."""
        vocab = self.vocab
        form = CommunityForm(
            files={"logo": logo_upload(spec)} if logo else None,
            data={
                "name": spec.name,
                "acronym": spec.acronym,
                "summary": spec.summary[:300],
                "description": self.description(spec),
                "website": f"https://{slug[:50]}.example.org/",
                "contact_email": f"contact@{slug[:50]}.example.org",
                "year_founded": spec.founded,
                "member_count": spec.count,
                "how_to_join": how_to_join,
                "countries": spec.countries,
                "topics": [vocab.topics[s].pk for s in spec.topics],
                "functions": [vocab.functions[s].pk for s in spec.functions],
                "scales": [vocab.scales[s].pk for s in spec.scales],
                "regions": [vocab.regions[s].pk for s in spec.regions],
                "member_types": [vocab.member_types[s].pk for s in spec.members],
                "languages": [vocab.languages[s].pk for s in spec.languages],
            },
        )
        if not form.is_valid():
            raise CommandError(f"Demo community {spec.name!r}: {form.errors.as_text()}")
        return form

    def dates(self, publish_by):
        """When the community was registered, submitted and decided on (published or
        returned); decided by ``publish_by`` when given."""
        registered = self.now - datetime.timedelta(days=self.rng.randint(60, 700))
        submitted = registered + datetime.timedelta(days=self.rng.randint(1, 10))
        decided = submitted + datetime.timedelta(days=self.rng.randint(1, 14))
        if publish_by is not None and decided > publish_by:
            earlier = decided - publish_by + datetime.timedelta(days=self.rng.randint(0, 90))
            registered, submitted, decided = (d - earlier for d in (registered, submitted, decided))
        return registered, submitted, decided

    def plan_community(self, timeline, spec, index, recommended_on):
        """Put the community's history on the timeline: registered by its owner, then
        the transitions that lead to its status in the demo; published at least a week
        before the demo recommends it (``recommended_on``: slug -> date)."""
        slug = slugify(spec.name)
        if Community.objects.filter(slug=slug).exists():
            self.progress.update(1)
            return
        owner = self.users[spec.owner] if spec.owner else self.coordinators[index % 7]
        secretariat = self.users["secretariat@example.org"]
        how_to_join = self.rng.choice(data.HOW_TO_JOIN)
        recommended = recommended_on.get(slug)
        publish_by = recommended - datetime.timedelta(days=7) if recommended else None
        registered, submitted, decided = self.dates(publish_by)
        timeline.add(
            registered, self.register, spec, index, slug=slug, owner=owner, how_to_join=how_to_join
        )
        # The table's shortest path to the demo's status, each step by whom and when.
        steps = {
            "submit": (submitted, services.community_submit, {"user": owner}),
            "return": (
                decided,
                services.community_return,
                {"user": secretariat, "reason": RETURN_REASON},
            ),
            "publish": (decided, services.community_publish, {"user": secretariat}),
            "archive": (
                decided + datetime.timedelta(days=30),
                services.community_archive,
                {"user": owner, "note": ARCHIVE_NOTE},
            ),
        }
        for _from_status, row in self.paths[spec.status]:
            if row.sources:  # not the registration, planned above
                at, service, arguments = steps[row.name]
                timeline.add(at, self.transition, service, index, **arguments)
        # Most published communities were confirmed in the last year; about one in eight
        # was not, so the demo has communities due for confirmation and some overdue.
        confirmed = self.now - datetime.timedelta(days=self.rng.randint(10, 330))
        if spec.status == Status.PUBLISHED and index % 8 and confirmed > decided:
            timeline.add(confirmed, self.transition, services.community_confirm, index, user=owner)

    def register(self, spec, index, *, slug, owner, how_to_join, now):
        form = self.registration_form(spec, slug, how_to_join, logo=has_logo(index))
        community = services.community_register(owner=owner, form=form, now=now)
        backdate(Community, community, now)
        # Some communities have a second coordinator, an editor. Written directly (a role,
        # not a status): invitation_accept checks expiry against the real clock and the
        # audit log takes no date, so a backdated invitation cannot be accepted.
        if index % 3 == 0:
            editor = self.coordinators[(index + 3) % 7]
            if editor != owner:
                Membership.objects.create(
                    user=editor, community=community, role=Membership.Role.EDITOR
                )
        self.add_contributions(community, spec)
        self.created[index] = (community, spec)
        self.progress.update(1)

    def transition(self, service, index, *, now, **kwargs):
        community, _spec = self.created[index]
        service(community=community, now=now, **kwargs)  # which locks and re-reads the row

    def add_contributions(self, community, spec):
        """Several contributions for a new community (more once published), bulk-inserted."""
        count = self.rng.randint(3, 5) if spec.status == Status.PUBLISHED else 2
        rows = [
            self.contributions.build(
                community,
                topics=spec.topics,
                regions=spec.regions,
                scales=spec.scales,
                functions=spec.functions,
                member_types=spec.members,
                founded=spec.founded,
                n=n,
            )
            for n in range(1, count + 1)
        ]
        Contribution.objects.bulk_create([row[0] for row in rows])
        sync_activities([community.pk])  # bulk_create sends no signal
        data_version.bump()  # bulk_create sends no signal
        bulk_link(
            Contribution,
            "topics",
            [(c.pk, t) for c, topics, _d in rows for t in topics],
            batch_size=1000,
        )
        bulk_link(
            Contribution,
            "deliverables",
            [(c.pk, d) for c, _t, deliverables in rows for d in deliverables],
            batch_size=1000,
        )

    def add_impact_examples(self):
        """Examples of IPBES impact for about two thirds of the new published communities,
        every impact type used."""
        created = [self.created[index] for index in sorted(self.created)]
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
                scale = (
                    "organisational"
                    if self.rng.random() < 0.1
                    else IMPACT_SCALE_FOR[spec.scales[0]]
                )
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

    # --- everything ---------------------------------------------------------------------

    def build(self):
        """Create what is missing, and return how many demo communities were new. Call it
        inside a transaction: the notices the services queue are taken back before it
        commits."""
        with queued_mail_discarded():
            self.ensure_users()
            self.progress.update(1)
            rounds = DemoRounds(
                users=self.users, vocab=self.vocab, rng=self.rng, now=self.now, today=self.today
            )
            timeline = Timeline()
            recommended_on = rounds.recommended_on()
            for index, spec in enumerate(data.COMMUNITIES):
                self.plan_community(timeline, spec, index, recommended_on)
            planned_rounds = rounds.plan(timeline, stdout=self.stdout)
            timeline.run()
            self.add_impact_examples()
            self.progress.update(1 + (2 if planned_rounds else 0))
        return len(self.created)
