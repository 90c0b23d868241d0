"""The sitemap: static public pages, topics, functions and published communities.

URLs are absolute on settings.SITE_URL (the canonical address), not on the Site
object, so a fresh database needs no Site set up.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry import permissions
from registry.models import Function, Topic


class _OnSiteUrl(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPageSitemap(_OnSiteUrl):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "registry:home",
            "registry:community_list",
            "registry:contribution_list",
            "registry:topic_list",
            "registry:function_list",
            "registry:impact_list",
            "registry:supporter_list",
            "registry:coverage",
            "registry:about",
        ]

    def location(self, item):
        return reverse(item)


class TopicSitemap(_OnSiteUrl):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Topic.objects.active()


class FunctionSitemap(_OnSiteUrl):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Function.objects.active()


class CommunitySitemap(_OnSiteUrl):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        communities = permissions.visible_communities(None)  # what the public sees
        return communities.only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, community):
        return community.updated_at


SITEMAPS = {
    "pages": StaticPageSitemap,
    "topics": TopicSitemap,
    "functions": FunctionSitemap,
    "communities": CommunitySitemap,
}
