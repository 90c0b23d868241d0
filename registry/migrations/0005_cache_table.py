"""The database cache (shared by every server process; allauth's rate limits live
there) needs its table: create it with the schema, so `migrate` alone is enough."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # By name, not from CACHES: the schema is the same whatever cache a machine uses.
    call_command(
        "createcachetable", "registry_cache", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_search_vector_trigger")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
