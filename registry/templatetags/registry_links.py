"""{% site_url %} and {% contact_email %}: the registry's address and the Secretariat's,
for e-mails and account pages (registry.links; settings.CONTACT_EMAIL)."""

from django import template
from django.conf import settings

from registry.links import site_url as _site_url

register = template.Library()


@register.simple_tag
def site_url():
    return _site_url()


@register.simple_tag
def contact_email():
    return settings.CONTACT_EMAIL
