"""/my/ (issue 13): submitting goes through a page saying what happens next; the
dashboard shows recognition and an accurate completeness hint; a draft's public page
can be previewed by its coordinators only."""

import pytest
from django.urls import reverse

from registry.models import Community, Function, Language, MemberType, Region, Scale
from tests.public_site_data import recognise

pytestmark = pytest.mark.django_db


def _submit_url(community):
    return reverse("coordinator:community_submit", args=[community.slug])


def test_submit_asks_first_and_says_what_happens_next(client, make_user, make_community):
    owner = make_user()
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    page = client.get(_submit_url(draft))
    assert page.status_code == 200
    assert "What happens next" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == Community.Status.DRAFT  # GET changes nothing
    client.post(_submit_url(draft))
    draft.refresh_from_db()
    assert draft.status == Community.Status.SUBMITTED


def test_overview_links_to_the_submit_page_instead_of_posting(client, make_user, make_community):
    owner = make_user()
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    overview = client.get(reverse("coordinator:community_overview", args=[draft.slug]))
    html = overview.content.decode()
    assert f'href="{_submit_url(draft)}"' in html
    assert f'action="{_submit_url(draft)}"' not in html


@pytest.mark.parametrize("who", ["stranger", "editor"])
def test_only_owners_see_the_submit_page(client, make_user, make_community, who):
    owner, other = make_user(), make_user()
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    if who == "editor":
        draft.memberships.create(user=other, role="editor")
    client.force_login(other)
    assert client.get(_submit_url(draft)).status_code == 404


def test_submit_page_needs_sign_in(client, make_user, make_community):
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=make_user())
    response = client.get(_submit_url(draft))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_dashboard_shows_the_recognition(
    client, make_user, make_community, bureau, make_round, make_recommendation
):
    owner = make_user()
    community = make_community("Pollinator Watch", owner=owner)
    recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    client.force_login(owner)
    page = client.get(reverse("coordinator:dashboard")).content.decode()
    assert "IPBES collaborative supporter" in page
    assert "Endorsed on" in page


def test_completeness_hint_names_what_is_missing_and_stops_when_complete(
    client, make_user, make_community
):
    owner = make_user()
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    page = client.get(reverse("coordinator:dashboard")).content.decode()
    assert "The profile does not yet say: a description, a website" in page
    assert "The profile is complete" not in page
    draft.description = "What we do."
    draft.website = "https://example.org"
    draft.contact_email = "hello@example.org"
    draft.how_to_join = "Write to us."
    draft.logo = "logos/x.png"
    draft.save()
    for relation, model in (
        ("functions", Function),
        ("regions", Region),
        ("scales", Scale),
        ("member_types", MemberType),
        ("languages", Language),
    ):
        getattr(draft, relation).add(model.objects.first())
    page = client.get(reverse("coordinator:dashboard")).content.decode()
    assert "The profile is complete" in page
    assert "does not yet say" not in page


def test_draft_preview_is_for_its_coordinators_only(client, make_user, make_community):
    owner = make_user()
    draft = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    dashboard = client.get(reverse("coordinator:dashboard")).content.decode()
    assert f'href="{draft.get_absolute_url()}">Preview the public page' in dashboard
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Not public" in preview.content.decode()
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
