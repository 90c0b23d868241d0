"""Publishing a community and submitting a recommendation from their admin pages go
through a GET page saying what happens next; only who may do it sees it."""

import pytest
from django.urls import reverse

from registry.models import Community, Recommendation

pytestmark = pytest.mark.django_db


def test_publish_button_leads_to_a_page_saying_what_happens_next(
    client, secretariat, make_community
):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    change = client.get(reverse("admin:registry_community_change", args=[community.pk]))
    confirm_url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert confirm_url in change.content.decode()
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "What happens next" in page.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED  # the GET changes nothing
    client.post(
        reverse("admin:registry_community_changelist"),
        {"action": "publish", "index": 0, "post": "yes", "_selected_action": [community.pk]},
    )
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED


def test_publish_confirmation_is_not_for_others(client, task_force, make_community):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(task_force)
    url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert client.get(url).status_code in (403, 404)


def test_publish_confirmation_of_a_published_community_is_404(client, secretariat, make_community):
    community = make_community("Pollinator Watch")
    client.force_login(secretariat)
    url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert client.get(url).status_code == 404


def test_recommendation_submit_has_a_confirmation_page(
    client, task_force, bureau, make_community, make_recommendation
):
    recommendation = make_recommendation(make_community(), by=task_force)
    url = reverse("admin:registry_recommendation_confirm_submit", args=[recommendation.pk])
    client.force_login(task_force)
    change = client.get(reverse("admin:registry_recommendation_change", args=[recommendation.pk]))
    assert url in change.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "What happens next" in page.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT
    client.force_login(bureau)
    assert client.get(url).status_code in (403, 404)


# --- From the change list: the action answers with a page first ------------------------

COMMUNITIES = reverse("admin:registry_community_changelist")


def test_publishing_selected_communities_first_shows_what_will_happen_and_changes_nothing(
    client, secretariat, make_community
):
    waiting = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    other = make_community("Soil Carbon Circle", status=Community.Status.SUBMITTED)
    public = make_community("Already Public")
    client.force_login(secretariat)
    selected = [waiting.pk, other.pk, public.pk]

    page = client.post(COMMUNITIES, {"action": "publish", "index": 0, "_selected_action": selected})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Publish the selected communities?" in html
    assert "What happens next" in html
    assert "Pollinator Watch" in html and "Soil Carbon Circle" in html
    assert (
        "Only a submitted or archived community can be published" in html
    )  # why one will not change
    assert 'value="Publish: 2 selected"' in html
    # Only the two that will change are sent on with the button.
    assert f'name="_selected_action" value="{public.pk}"' not in html
    assert Community.objects.filter(status=Community.Status.PUBLISHED).count() == 1

    client.post(
        COMMUNITIES,
        {
            "action": "publish",
            "index": 0,
            "post": "yes",
            "_selected_action": [waiting.pk, other.pk],
        },
    )
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.status == other.status == Community.Status.PUBLISHED


def test_when_none_of_the_selected_can_change_the_page_says_so_without_a_button(
    client, secretariat, make_community
):
    public = make_community("Already Public")
    client.force_login(secretariat)

    page = client.post(
        COMMUNITIES, {"action": "publish", "index": 0, "_selected_action": [public.pk]}
    )

    html = page.content.decode()
    assert "nothing was done" in html
    assert 'name="post"' not in html


def test_the_archive_button_of_a_change_form_asks_first_and_comes_back_to_the_community(
    client, secretariat, make_community
):
    community = make_community("Pollinator Watch")
    client.force_login(secretariat)
    change = reverse("admin:registry_community_change", args=[community.pk])
    data = {"action": "archive", "index": 0, "_selected_action": [community.pk]}

    page = client.post(COMMUNITIES, {**data, "_back_to_object": "1"})

    html = page.content.decode()
    assert "Archive this community?" in html
    assert "no longer shown to the public" in html
    assert 'name="_back_to_object"' in html
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED
    done = client.post(COMMUNITIES, {**data, "_back_to_object": "1", "post": "yes"})
    assert done.status_code == 302 and done.url == change
    community.refresh_from_db()
    assert community.status == Community.Status.ARCHIVED


def test_closing_a_round_from_the_list_says_why_it_cannot_close_yet(
    client, bureau, task_force, make_community, make_recommendation, make_round
):
    open_round = make_round()
    make_recommendation(
        make_community(), by=task_force, status=Recommendation.Status.SUBMITTED, round=open_round
    )
    client.force_login(bureau)
    page = client.post(
        reverse("admin:registry_reviewround_changelist"),
        {"action": "close", "index": 0, "_selected_action": [open_round.pk]},
    )

    html = page.content.decode()
    assert "not yet decided or deferred" in html
    assert 'name="post"' not in html
    open_round.refresh_from_db()
    assert open_round.status == open_round.Status.OPEN


def test_submitting_selected_recommendations_asks_first(
    client, task_force, make_community, make_recommendation
):
    recommendation = make_recommendation(make_community("Pollinator Watch"), by=task_force)
    client.force_login(task_force)

    page = client.post(
        reverse("admin:registry_recommendation_changelist"),
        {"action": "submit", "index": 0, "_selected_action": [recommendation.pk]},
    )

    html = page.content.decode()
    assert "Submit this recommendation to the review round?" in html
    assert "can no longer be edited" in html
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT


def test_the_confirmation_is_no_way_round_the_right_to_act(client, task_force, make_community):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(task_force)
    for post in ({}, {"post": "yes"}):
        client.post(
            COMMUNITIES,
            {"action": "publish", "index": 0, "_selected_action": [community.pk], **post},
        )
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED


def test_an_objects_own_confirmation_page_is_the_list_page_with_one_row_leading_back_to_it(
    client, secretariat, make_community
):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    change_url = reverse("admin:registry_community_change", args=[community.pk])
    html = client.get(
        reverse("admin:registry_community_confirm_publish", args=[community.pk])
    ).content.decode()
    assert 'class="transition-rows"' in html  # the change list's own page
    assert f'<a href="{change_url}">Pollinator Watch</a> ›' in html  # breadcrumbs
    assert f'<a href="{change_url}" class="button cancel-link">' in html  # Cancel: back to it
    assert 'name="_back_to_object" value="1"' in html
    assert f'name="_selected_action" value="{community.pk}"' in html
    done = client.post(
        COMMUNITIES,
        {
            "action": "publish",
            "index": 0,
            "post": "yes",
            "_selected_action": [community.pk],
            "_back_to_object": "1",
        },
    )
    assert done.status_code == 302 and done["Location"] == change_url
