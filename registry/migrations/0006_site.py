"""Name the Site (used by allauth's e-mails) after the registry, on the host of
SITE_URL, instead of Django's "example.com"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc or "localhost",
            "name": "IPBES communities of practice registry",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_cache_table"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
