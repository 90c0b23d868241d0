"""DESIGN.md's "who may do what" table, row by row, as predicates and services."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from registry import permissions, services
from registry.models import Community, Membership, Recommendation, TaskForce

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "signed_in", "owner", "editor", "task_force", "bureau", "secretariat"]


@pytest.fixture
def people(make_user, task_force, bureau, secretariat):
    return {
        "anonymous": AnonymousUser(),
        "signed_in": make_user("someone@example.org"),
        "owner": make_user("owner@example.org"),
        "editor": make_user("editor@example.org"),
        "task_force": task_force,
        "bureau": bureau,
        "secretariat": secretariat,
    }


@pytest.fixture
def community_of(people, make_community):
    """C, in a given status, coordinated by the owner and the editor."""

    def make(status=Community.Status.PUBLISHED):
        community = make_community(status=status, owner=people["owner"])
        Membership.objects.create(
            user=people["editor"], community=community, role=Membership.Role.EDITOR
        )
        return community

    return make


def expect(table, role):
    return table[ROLES.index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_published_communities(people, community_of, role):
    assert permissions.can_view_community(people[role], community_of())


@pytest.mark.parametrize(
    "status", [Community.Status.DRAFT, Community.Status.SUBMITTED, Community.Status.RETURNED]
)
@pytest.mark.parametrize("role", ROLES)
def test_unpublished_communities_are_seen_by_coordinators_and_the_secretariat(
    people, community_of, role, status
):
    community = community_of(status)
    table = [False, False, True, True, False, False, True]

    assert permissions.can_view_community(people[role], community) is expect(table, role)
    assert (community in permissions.visible_communities(people[role])) is expect(table, role)


@pytest.mark.parametrize("role", ["task_force", "bureau"])
def test_task_force_and_bureau_see_unpublished_communities_in_the_admin_read_only(people, role):
    user = people[role]
    assert user.is_staff
    assert user.has_perm("registry.view_community")
    assert not user.has_perm("registry.change_community")


@pytest.mark.parametrize("role", ROLES)
def test_registering_a_community_needs_an_account(people, role):
    table = [False, True, True, True, True, True, True]
    assert permissions.can_register_community(people[role]) is expect(table, role)


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_community_is_for_its_coordinators_and_the_secretariat(
    people, community_of, role
):
    table = [False, False, True, True, False, False, True]
    assert permissions.can_edit_community(people[role], community_of()) is expect(table, role)


@pytest.mark.parametrize("role", ROLES)
def test_managing_coordinators_and_submitting_is_for_owners_and_the_secretariat(
    people, community_of, role
):
    community = community_of(Community.Status.DRAFT)
    table = [False, False, True, False, False, False, True]

    assert permissions.can_manage_community(people[role], community) is expect(table, role)
    assert permissions.can_submit_community(people[role], community) is expect(table, role)


@pytest.mark.parametrize("role", ROLES)
def test_submitting_through_the_service(people, community_of, role):
    community = community_of(Community.Status.DRAFT)
    allowed = expect([False, False, True, False, False, False, True], role)

    if allowed:
        services.community_submit(community=community, user=people[role])
        community.refresh_from_db()
        assert community.status == Community.Status.SUBMITTED
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.community_submit(community=community, user=people[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_publishes_and_returns(people, community_of, role):
    community = community_of(Community.Status.SUBMITTED)
    allowed = role == "secretariat"

    assert permissions.can_moderate_community(people[role]) is allowed
    if allowed:
        services.community_return(community=community, user=people[role], reason="Add topics.")
        assert Community.objects.get(pk=community.pk).status == Community.Status.RETURNED
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.community_publish(community=community, user=people[role])
        with pytest.raises(services.TransitionNotAllowed):
            services.community_return(community=community, user=people[role], reason="No.")
        assert Community.objects.get(pk=community.pk).status == Community.Status.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_archiving_is_for_an_owner_and_the_secretariat(people, community_of, role):
    community = community_of()
    allowed = expect([False, False, True, False, False, False, True], role)

    assert permissions.can_archive_community(people[role], community) is allowed
    if allowed:
        services.community_archive(community=community, user=people[role])
        assert Community.objects.get(pk=community.pk).status == Community.Status.ARCHIVED
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.community_archive(community=community, user=people[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_task_force_members_recommend(people, community_of, role):
    community = community_of()
    allowed = role == "task_force"

    assert permissions.can_recommend(people[role]) is allowed
    arguments = {
        "community": community,
        "user": people[role],
        "task_force": TaskForce.objects.first(),
        "rationale": "Strong record.",
        "conflict_of_interest": "none",
    }
    if allowed:
        recommendation = services.recommendation_create(**arguments)
        services.recommendation_submit(recommendation=recommendation, user=people[role])
        assert Recommendation.objects.get().status == Recommendation.Status.SUBMITTED
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.recommendation_create(**arguments)
        assert not Recommendation.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bureau_decides_and_withdraws(
    people, community_of, make_round, make_recommendation, role
):
    recommendation = make_recommendation(
        community_of(), status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    allowed = role == "bureau"

    assert permissions.can_decide(people[role]) is allowed
    assert permissions.can_withdraw_recognition(people[role]) is allowed
    if allowed:
        services.recommendation_decide(
            recommendation=recommendation, user=people[role], decision="endorsed", note="Yes."
        )
        recognition = recommendation.community.recognitions.get()
        services.recognition_withdraw(recognition=recognition, user=people[role], reason="Gone.")
        recognition.refresh_from_db()
        assert not recognition.is_active
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.recommendation_decide(
                recommendation=recommendation, user=people[role], decision="endorsed", note="Me."
            )
        assert Recommendation.objects.get().status == Recommendation.Status.SUBMITTED


@pytest.mark.parametrize("role", [role for role in ROLES if role != "bureau"])
def test_others_cannot_withdraw_a_recognition(
    people, community_of, make_round, make_recommendation, role
):
    recommendation = make_recommendation(
        community_of(), status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=people["bureau"], decision="endorsed", note="Yes."
    )
    recognition = recommendation.community.recognitions.get()

    with pytest.raises(services.TransitionNotAllowed):
        services.recognition_withdraw(recognition=recognition, user=people[role], reason="No.")
    recognition.refresh_from_db()
    assert recognition.is_active


@pytest.mark.parametrize("role", ROLES)
def test_review_rounds_are_opened_and_closed_by_the_bureau_and_the_secretariat(people, role):
    allowed = role in ("bureau", "secretariat")

    assert permissions.can_manage_rounds(people[role]) is allowed
    if allowed:
        review_round = services.round_open(
            user=people[role], title="Meeting", meeting_date=datetime.date(2027, 1, 1)
        )
        services.round_close(review_round=review_round, user=people[role])
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.round_open(
                user=people[role], title="Meeting", meeting_date=datetime.date(2027, 1, 1)
            )


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_users_and_groups_are_the_secretariats(people, role):
    allowed = role == "secretariat"
    user = people[role]

    assert permissions.can_edit_reference_data(user) is allowed
    for permission in (
        "registry.change_topic",
        "registry.add_taskforce",
        "registry.change_deliverable",
        "registry.change_user",
        "auth.change_group",
    ):
        assert user.has_perm(permission) is allowed, permission


# --- Who sees what: one rule for communities and what hangs off them ------------------

STATUSES = list(Community.Status)


def seen_by(role, status):
    """DESIGN.md's first two rows: published is for everyone; otherwise its coordinators
    and the Secretariat (task force and Bureau read it in the admin only)."""
    if status == Community.Status.PUBLISHED:
        return True
    return role in ("owner", "editor", "secretariat")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_the_one_visibility_rule_answers_alike_for_a_row_and_for_a_list(
    people, community_of, role, status
):
    community = community_of(status)

    assert permissions.can_view_community(people[role], community) is seen_by(role, status)
    visible = permissions.visible_communities(people[role])
    assert (community in visible) is seen_by(role, status)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_contributions_and_impact_examples_are_seen_with_their_community(
    people, community_of, make_contribution, make_impact_example, role, status
):
    community = community_of(status)
    contribution = make_contribution(community)
    example = make_impact_example(community)

    assert (contribution in permissions.visible_contributions(people[role])) is seen_by(
        role, status
    )
    assert (example in permissions.visible_impact_examples(people[role])) is seen_by(role, status)


@pytest.mark.parametrize("role", ROLES)
def test_a_recognition_is_seen_only_while_its_community_is(
    people, community_of, make_round, make_recommendation, role
):
    community = community_of()
    recommendation = make_recommendation(
        community, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=people["bureau"], decision="endorsed", note="Yes."
    )
    recognition = community.recognitions.get()
    assert recognition in permissions.visible_recognitions(people[role])

    services.community_archive(community=community, user=people["owner"])
    expected = seen_by(role, Community.Status.ARCHIVED)
    assert (recognition in permissions.visible_recognitions(people[role])) is expected


def test_the_public_sees_published_communities_only(people, community_of):
    published = community_of()
    drafts = [community_of(status) for status in STATUSES if status != published.status]

    assert list(permissions.visible_communities(None)) == [published]
    assert not any(permissions.can_view_community(None, draft) for draft in drafts)


@pytest.mark.parametrize("status", [Community.Status.PUBLISHED, Community.Status.DRAFT])
def test_a_community_with_several_coordinators_is_listed_once(people, community_of, status):
    community = community_of(status)

    for role in ("owner", "editor", "secretariat"):
        seen = permissions.visible_communities(people[role])
        assert list(seen.filter(pk=community.pk)) == [community], role


def test_visibility_follows_the_right_not_the_group_name(people, community_of):
    draft = community_of(Community.Status.DRAFT)
    Group.objects.filter(name="Secretariat").update(name="IPBES Secretariat")
    secretariat = type(people["secretariat"]).objects.get(pk=people["secretariat"].pk)

    assert permissions.can_view_community(secretariat, draft)
    assert draft in permissions.visible_communities(secretariat)


@pytest.mark.parametrize("status", [Community.Status.DRAFT, Community.Status.ARCHIVED])
@pytest.mark.parametrize("role", ROLES)
def test_the_coordinators_workspace_is_for_coordinators_and_the_secretariat(
    people, community_of, role, status
):
    table = [False, False, True, True, False, False, True]
    assert permissions.can_coordinate(people[role], community_of(status)) is expect(table, role)


@pytest.mark.parametrize("role", ROLES)
def test_a_rounds_review_page_and_dossier_are_for_the_bureau_and_the_secretariat(people, role):
    table = [False, False, False, False, False, True, True]
    assert permissions.can_review(people[role]) is expect(table, role)
