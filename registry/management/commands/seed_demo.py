"""Create the demo: realistic communities of practice, their contributions and impact
examples, a closed and an open review round, and one account per role.

    python manage.py seed_demo                       # the demo (idempotent)
    python manage.py seed_demo --if-empty            # only on a database without communities
    python manage.py seed_demo --communities 10000 --contributions 100000 --seed 1

The volume options add generated communities and contributions (with bulk inserts)
on top of the demo, for performance work. Demo accounts have a published password,
so the command refuses to run with DEBUG off.

What it makes lives in registry.demo: the demo in builder.py (its history through the
real services), the generated volume in volume.py.
"""

import random
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry import data_version, tallies
from registry.demo import data
from registry.demo.builder import DemoBuilder
from registry.demo.volume import VolumeGenerator
from registry.models import Community, Contribution


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
        # Most rows went in by bulk inserts, which send no signal: the lists' counts are
        # counted again from the rows (registry/tallies.py), and every cached page goes.
        with tqdm(
            desc=_("Counts"), unit=_("communities"), file=sys.stderr, disable=not show_progress
        ) as bar:

            def counted(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            tallies.rebuild(progress=counted)
        data_version.bump()
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
