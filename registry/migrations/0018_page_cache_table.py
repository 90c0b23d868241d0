"""The page cache's own table (CACHES["pages"] without Redis): pages and counts apart
from the rate limits, which a flood of pages would otherwise cull."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # By name, not from CACHES (a machine on Redis still gets both tables, so a later
    # switch back to the database cache needs no migration); registry_cache again for
    # databases migrated under Redis before 0005 named it.
    call_command(
        "createcachetable",
        "registry_cache",
        "registry_page_cache",
        database=schema_editor.connection.alias,
        verbosity=0,
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0017_facet_links")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
