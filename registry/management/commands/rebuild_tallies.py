"""manage.py rebuild_tallies: count the unfiltered lists' counts and the coverage
tables again from the rows (registry/tallies.py). Writes keep them; run this after
changing data with raw SQL, or to check them (--check)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from tqdm import tqdm

from registry import tallies
from registry.filters import CommunityFilterSet, ContributionFilterSet


class Command(BaseCommand):
    help = "Count the lists' tallies again from the rows (progress on stderr)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare the tallies with a count from the rows; fail if they differ.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            return self.check_tallies()
        show = options["verbosity"] > 0
        with tqdm(desc="Tallies", unit="community", file=sys.stderr, disable=not show) as bar:

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            tallies.rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS("Tallies rebuilt."))

    def check_tallies(self):
        different = []
        for filterset_class in (CommunityFilterSet, ContributionFilterSet):
            rows = filterset_class.listed_rows()
            live = filterset_class(QueryDict(), queryset=rows).counts()
            if tallies.read(filterset_class.TALLY) is None:
                raise CommandError("The tallies are not built: run rebuild_tallies.")
            if filterset_class(QueryDict()).counts() != live:
                different.append(filterset_class.TALLY)
        if different:
            raise CommandError(f"The tallies differ from the rows: {', '.join(different)}.")
        self.stdout.write(self.style.SUCCESS("The tallies equal the rows."))
