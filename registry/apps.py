from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from registry import data_version


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Communities of practice registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every write of public data moves the data version on (cached pages, counts).
        data_version.connect_signals()


class RegistryAdminConfig(admin_apps.AdminConfig):
    """Installed instead of django.contrib.admin, so admin.site is ours (imported
    when the admin is first used, after the models are ready). Not this module's
    default: "registry" alone means RegistryConfig."""

    default = False
    default_site = "registry.admin_site.RegistryAdminSite"
