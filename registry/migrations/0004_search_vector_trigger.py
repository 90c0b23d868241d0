"""PostgreSQL full-text search: a trigger keeps Community.search_vector current
(name weighted A, acronym A, summary B, description C) and a GIN index serves it.
Nothing to do on SQLite, where search is a plain case-insensitive match."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION registry_community_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.acronym, '')), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
   || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS registry_community_search_vector_trigger ON registry_community;
CREATE TRIGGER registry_community_search_vector_trigger
  BEFORE INSERT OR UPDATE OF name, acronym, summary, description ON registry_community
  FOR EACH ROW EXECUTE FUNCTION registry_community_search_vector();
CREATE INDEX IF NOT EXISTS registry_community_search_idx
  ON registry_community USING gin (search_vector);
UPDATE registry_community SET name = name;
"""

BACKWARD = """
DROP INDEX IF EXISTS registry_community_search_idx;
DROP TRIGGER IF EXISTS registry_community_search_vector_trigger ON registry_community;
DROP FUNCTION IF EXISTS registry_community_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_groups")]

    operations = [migrations.RunPython(forward, backward)]
