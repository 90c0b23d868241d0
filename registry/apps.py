from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Communities of practice registry")
    default_auto_field = "django.db.models.BigAutoField"


class RegistryAdminConfig(admin_apps.AdminConfig):
    """Installed instead of django.contrib.admin, so admin.site is ours (imported
    when the admin is first used, after the models are ready). Not this module's
    default: "registry" alone means RegistryConfig."""

    default = False
    default_site = "registry.admin_site.RegistryAdminSite"
