"""The public pages, mounted at /: communities, contributions, topics, functions,
impact, supporters, coverage, and their exports and feeds."""

from django.urls import path

from registry.views import communities, exports, feeds, privacy, public, subscriptions, vocabularies
from registry.views.confirmation import community_confirm, community_confirm_signed_in

app_name = "registry"
urlpatterns = [
    path("", public.home, name="home"),
    path("communities/", communities.community_list, name="community_list"),
    path("communities/export.csv", exports.communities_csv, name="community_export_csv"),
    path("communities/export.json", exports.communities_json, name="community_export_json"),
    path("communities/feed/", feeds.CommunityFeed(), name="community_feed"),
    path("communities/<slug:slug>/", communities.community_detail, name="community_detail"),
    path("communities/<slug:slug>/contact/", privacy.community_contact, name="community_contact"),
    path(
        "communities/<slug:slug>/confirm/",
        community_confirm_signed_in,
        name="community_confirm_signed_in",
    ),
    path(
        "communities/<slug:slug>/confirm/<str:token>/",
        community_confirm,
        name="community_confirm",
    ),
    path("contributions/", communities.contribution_list, name="contribution_list"),
    path("contributions/upcoming.ics", feeds.upcoming_contributions_ics, name="contributions_ics"),
    path("topics/", public.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", public.topic_detail, name="topic_detail"),
    path("functions/", public.function_list, name="function_list"),
    path("functions/<slug:slug>/", public.function_detail, name="function_detail"),
    path("impact/", public.impact_list, name="impact_list"),
    path("supporters/", public.supporter_list, name="supporter_list"),
    path("supporters/feed/", feeds.RecognitionFeed(), name="supporter_feed"),
    path("coverage/", public.coverage, name="coverage"),
    path("about/", public.about, name="about"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
    path("subscriptions/new/", subscriptions.subscription_new, name="subscription_new"),
    path("subscriptions/sent/", subscriptions.subscription_sent, name="subscription_sent"),
    path("subscriptions/mine/", subscriptions.subscriptions_mine, name="subscriptions_mine"),
    path(
        "subscriptions/confirm/<str:token>/",
        subscriptions.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/manage/<str:token>/",
        subscriptions.subscription_manage,
        name="subscription_manage",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscriptions.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
    path("vocabularies/", vocabularies.vocabulary_list, name="vocabulary_list"),
    path(
        "vocabularies/<slug:vocabulary>/",
        vocabularies.vocabulary_detail,
        name="vocabulary",
    ),
    path(
        "vocabularies/<slug:vocabulary>.jsonld",
        vocabularies.vocabulary_detail,
        {"suffix": True},
        name="vocabulary_jsonld",
    ),
    path(
        "vocabularies/<slug:vocabulary>/<slug:slug>/",
        vocabularies.term_detail,
        name="term",
    ),
    path(
        "vocabularies/<slug:vocabulary>/<slug:slug>.jsonld",
        vocabularies.term_detail,
        {"suffix": True},
        name="term_jsonld",
    ),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
]
