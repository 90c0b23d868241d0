"""The page cache's own table (CACHES["pages"] without Redis): pages and counts apart
from the rate limits, which a flood of pages would otherwise cull."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("registry", "0017_facet_links")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
