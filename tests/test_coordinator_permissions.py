"""Who may use each coordinator page: every URL and method × anonymous, another
signed-in user, editor, owner and Secretariat, with the status and whether data
changed. Objects of another community are 404 even for its own coordinators."""

import pytest
from django.urls import reverse

from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Invitation,
    Membership,
    Topic,
)

ROLES = ["anonymous", "other", "editor", "owner", "secretariat"]


@pytest.fixture
def world(make_user, make_community, make_contribution, make_impact_example, secretariat):
    owner = make_user("owner@example.org")
    editor = make_user("editor@example.org")
    helper = make_user("helper@example.org")
    other = make_user("other@example.org")
    draft = make_community("Draft network", status=Community.Status.DRAFT, owner=owner)
    published = make_community("Published network", owner=owner)
    for community in (draft, published):
        Membership.objects.create(user=editor, community=community, role="editor")
    helper_membership = Membership.objects.create(user=helper, community=published, role="editor")
    # Another user's own community, to swap ids with.
    foreign = make_community("Foreign network", owner=other)
    return {
        "users": {
            "anonymous": None,
            "other": other,
            "editor": editor,
            "owner": owner,
            "secretariat": secretariat,
        },
        "draft": draft,
        "published": published,
        "foreign": foreign,
        "contribution": make_contribution(published, title="Uptake event"),
        "impact": make_impact_example(published, title="A national policy"),
        "foreign_contribution": make_contribution(foreign, title="Foreign event"),
        "helper": helper_membership,
    }


def _community_data(name):
    return {
        "name": name,
        "summary": "A network of pollination experts.",
        "topics": [Topic.objects.get(slug="pollination").pk],
    }


def _contribution_data(title):
    return {
        "activity_type": ActivityType.objects.get(slug="uptake-event").pk,
        "title": title,
        "start_date": "2025-06-01",
    }


def _impact_data(title):
    return {
        "title": title,
        "impact_type": ImpactType.objects.get(slug="policy").pk,
        "impact_scale": ImpactScale.objects.get(slug="national").pk,
        "date": "2024-05-01",
        "deliverables": [Deliverable.objects.get(slug="pollinators").pk],
    }


def _state(w):
    """A snapshot of everything the coordinator pages can change."""
    return (
        list(Community.objects.order_by("pk").values_list("name", "status")),
        list(Contribution.objects.order_by("pk").values_list("pk", "title")),
        list(ImpactExample.objects.order_by("pk").values_list("pk", "title")),
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "role")),
        list(Invitation.objects.values_list("email", flat=True)),
    )


ALL = {"editor", "owner", "secretariat"}
OWNERS = {"owner", "secretariat"}

# (name, method, url(w), data(w), who is allowed)
CASES = [
    ("dashboard", "get", lambda w: reverse("coordinator:dashboard"), None, ROLES[1:]),
    ("register form", "get", lambda w: reverse("coordinator:community_create"), None, ROLES[1:]),
    ("register", "post", lambda w: reverse("coordinator:community_create"),
     lambda w: _community_data("Brand new network"), ROLES[1:]),
    ("overview", "get", lambda w: _c(w, "community_overview", "draft"), None, ALL),
    ("edit form", "get", lambda w: _c(w, "community_edit", "draft"), None, ALL),
    ("edit", "post", lambda w: _c(w, "community_edit", "published"),
     lambda w: _community_data("Renamed network"), ALL),
    ("submit", "post", lambda w: _c(w, "community_submit", "draft"), lambda w: {}, OWNERS),
    ("archive form", "get", lambda w: _c(w, "community_archive", "published"), None, OWNERS),
    ("archive", "post", lambda w: _c(w, "community_archive", "published"), lambda w: {},
     OWNERS),
    ("contribution form", "get", lambda w: _c(w, "contribution_create", "published"), None, ALL),
    ("add contribution", "post", lambda w: _c(w, "contribution_create", "published"),
     lambda w: _contribution_data("New workshop"), ALL),
    ("edit contribution form", "get",
     lambda w: _c(w, "contribution_edit", "published", w["contribution"].pk), None, ALL),
    ("edit contribution", "post",
     lambda w: _c(w, "contribution_edit", "published", w["contribution"].pk),
     lambda w: _contribution_data("Renamed event"), ALL),
    ("delete contribution form", "get",
     lambda w: _c(w, "contribution_delete", "published", w["contribution"].pk), None, ALL),
    ("delete contribution", "post",
     lambda w: _c(w, "contribution_delete", "published", w["contribution"].pk), lambda w: {},
     ALL),
    ("impact form", "get", lambda w: _c(w, "impact_create", "published"), None, ALL),
    ("add impact", "post", lambda w: _c(w, "impact_create", "published"),
     lambda w: _impact_data("New law"), ALL),
    ("edit impact", "post", lambda w: _c(w, "impact_edit", "published", w["impact"].pk),
     lambda w: _impact_data("Renamed impact"), ALL),
    ("delete impact", "post", lambda w: _c(w, "impact_delete", "published", w["impact"].pk),
     lambda w: {}, ALL),
    ("coordinators", "get", lambda w: _c(w, "coordinators", "published"), None, OWNERS),
    ("invite", "post", lambda w: _c(w, "coordinators", "published"),
     lambda w: {"email": "friend@example.org", "role": "editor"}, OWNERS),
    ("change role", "post", lambda w: _c(w, "membership_role", "published", w["helper"].pk),
     lambda w: {"role": "owner"}, OWNERS),
    ("remove coordinator", "post",
     lambda w: _c(w, "membership_remove", "published", w["helper"].pk), lambda w: {}, OWNERS),
    ("hand over", "post", lambda w: _c(w, "ownership_hand_over", "published", w["helper"].pk),
     lambda w: {}, OWNERS),
]  # fmt: skip


def _c(w, name, community, *args):
    return reverse(f"coordinator:{name}", args=[w[community].slug, *args])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "data", "allowed"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_coordinator_pages_enforce_who_may_act(client, world, role, method, url, data, allowed):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    before = _state(world)
    target = url(world)
    response = client.get(target) if method == "get" else client.post(target, data(world))
    changed = _state(world) != before

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
        assert not changed
    elif role in allowed:
        if method == "get":
            assert response.status_code == 200
        elif role == "secretariat" and target.endswith("/hand-over/"):
            # Only an owner hands over ownership: the service refuses, with a message.
            assert response.status_code == 302
            assert not changed
        else:
            assert response.status_code == 302, response.content[:2000]
            assert changed
    else:
        assert response.status_code == 404
        assert not changed


@pytest.mark.django_db
def test_editing_another_users_community_is_404(client, world):
    client.force_login(world["users"]["owner"])
    response = client.get(reverse("coordinator:community_edit", args=[world["foreign"].slug]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["contribution_edit", "contribution_delete"])
def test_swapping_a_contribution_id_for_another_communitys_is_404(client, world, action):
    # The other user coordinates the foreign community but swaps in its
    # contribution under a community they do not coordinate, and the owner
    # swaps the foreign contribution under their own community.
    foreign = world["foreign_contribution"]
    client.force_login(world["users"]["owner"])
    url = reverse(f"coordinator:{action}", args=[world["published"].slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _contribution_data("Hijacked")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Foreign event"
    assert Contribution.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_a_community_field_in_the_posted_data_is_ignored(client, world):
    client.force_login(world["users"]["owner"])
    data = {**_contribution_data("Posted with a foreign community"),
            "community": world["foreign"].pk}  # fmt: skip
    url = reverse("coordinator:contribution_create", args=[world["published"].slug])
    assert client.post(url, data).status_code == 302
    created = Contribution.objects.get(title="Posted with a foreign community")
    assert created.community == world["published"]
    assert not world["foreign"].contributions.filter(pk=created.pk).exists()


@pytest.mark.django_db
def test_a_membership_id_of_another_community_is_404(client, world):
    foreign_owner = Membership.objects.get(community=world["foreign"])
    client.force_login(world["users"]["owner"])
    for name in ("membership_role", "membership_remove", "ownership_hand_over"):
        url = reverse(f"coordinator:{name}", args=[world["published"].slug, foreign_owner.pk])
        assert client.post(url, {"role": "editor"}).status_code == 404
    foreign_owner.refresh_from_db()
    assert foreign_owner.role == "owner"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["membership_role", "membership_remove", "ownership_hand_over"],
)
def test_data_changing_urls_refuse_get(client, world, name):
    client.force_login(world["users"]["owner"])
    args = [world["draft"].slug]
    if name != "community_submit":
        args = [world["published"].slug, world["helper"].pk]
    assert client.get(reverse(f"coordinator:{name}", args=args)).status_code == 405


@pytest.mark.django_db
def test_archived_community_cannot_be_edited_by_its_coordinators(client, world, make_community):
    archived = make_community(
        "Old network", status=Community.Status.ARCHIVED, owner=world["users"]["owner"]
    )
    client.force_login(world["users"]["owner"])
    assert (
        client.get(reverse("coordinator:community_edit", args=[archived.slug])).status_code == 404
    )
    overview = client.get(reverse("coordinator:community_overview", args=[archived.slug]))
    assert overview.status_code == 200
    assert b"Archived" in overview.content


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["owner"])
    url = reverse("coordinator:community_submit", args=[world["draft"].slug])
    assert client.post(url).status_code == 403
    world["draft"].refresh_from_db()
    assert world["draft"].status == Community.Status.DRAFT
