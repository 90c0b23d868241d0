"""PostgreSQL trigram similarity of community names, for the duplicate hints
(registry/similar.py): the pg_trgm extension and a GIN index that serves its
``%`` and ``<%`` operators (pg_trgm ignores case, so the index is on the name
itself). The same query also asks for an equal acronym and a website's host, so
those have indexes on the expressions Django writes for ``iexact`` and
``icontains``: without them every OR branch would fall back to reading the whole
table. Nothing to do on SQLite, where the hints compare names in Python."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS registry_community_name_trgm_idx
  ON registry_community USING gin (name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS registry_community_name_upper_idx
  ON registry_community (upper(name::text));
CREATE INDEX IF NOT EXISTS registry_community_acronym_upper_idx
  ON registry_community (upper(acronym::text));
CREATE INDEX IF NOT EXISTS registry_community_website_trgm_idx
  ON registry_community USING gin (upper(website::text) gin_trgm_ops);
"""

# The extension stays: dropping it would break anything else that came to use it.
BACKWARD = """
DROP INDEX IF EXISTS registry_community_website_trgm_idx;
DROP INDEX IF EXISTS registry_community_acronym_upper_idx;
DROP INDEX IF EXISTS registry_community_name_upper_idx;
DROP INDEX IF EXISTS registry_community_name_trgm_idx;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_confirmation")]

    operations = [migrations.RunPython(forward, backward)]
