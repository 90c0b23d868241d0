"""The three staff roles as groups, with exactly the model permissions they need."""

import json
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "reference_data.json"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = json.loads(DATA.read_text(encoding="utf-8"))["groups"]
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for full in codenames:
            app_label, codename = full.split(".") if "." in full else ("registry", full)
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
