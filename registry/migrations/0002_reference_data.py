"""Load the IPBES vocabulary from fixtures/reference_data.json.

Slugs are stable public identifiers: later migrations may add entries or change
names, never rename a slug.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "reference_data.json"

SIMPLE = {
    "topics": "Topic",
    "scales": "Scale",
    "regions": "Region",
    "member_types": "MemberType",
    "languages": "Language",
    "task_forces": "TaskForce",
    "impact_types": "ImpactType",
    "impact_scales": "ImpactScale",
}


def load(apps, schema_editor):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for key, model_name in SIMPLE.items():
        model = apps.get_model("registry", model_name)
        for position, (slug, name) in enumerate(data[key], start=1):
            model.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    Function = apps.get_model("registry", "Function")
    for position, item in enumerate(data["functions"], start=1):
        Function.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "position": position,
                "description": item["description"],
                "how_to_engage": item["how_to_engage"],
            },
        )
    ActivityType = apps.get_model("registry", "ActivityType")
    for position, (slug, name, functions) in enumerate(data["activity_types"], start=1):
        activity, _ = ActivityType.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        activity.functions.set(Function.objects.filter(slug__in=functions))
    Deliverable = apps.get_model("registry", "Deliverable")
    for position, (slug, name, kind, year) in enumerate(data["deliverables"], start=1):
        Deliverable.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "year_approved": year, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
