"""The coordinators' pages, mounted at /my/."""

from django.urls import path

from registry.views import coordinator, members, privacy, profile, track

app_name = "coordinator"
community = "communities/<slug:slug>/"
urlpatterns = [
    path("", coordinator.dashboard, name="dashboard"),
    path("profile/", profile.profile, name="profile"),
    path("communities/new/", coordinator.community_create, name="community_create"),
    path("account/", privacy.account, name="account"),
    path("account/data/", privacy.account_data, name="account_data"),
    path("account/delete/", privacy.account_delete, name="account_delete"),
    path(community, coordinator.community_overview, name="community_overview"),
    path(community + "edit/", coordinator.community_edit, name="community_edit"),
    path(community + "submit/", coordinator.community_submit, name="community_submit"),
    path(community + "archive/", coordinator.community_archive, name="community_archive"),
    path(community + "leave/", members.community_leave, name="community_leave"),
    path(
        community + "contributions/new/",
        coordinator.contribution_create,
        name="contribution_create",
    ),
    path(
        community + "contributions/<int:pk>/edit/",
        coordinator.contribution_edit,
        name="contribution_edit",
    ),
    path(
        community + "contributions/<int:pk>/delete/",
        coordinator.contribution_delete,
        name="contribution_delete",
    ),
    path(community + "impact/new/", coordinator.impact_create, name="impact_create"),
    path(community + "impact/<int:pk>/edit/", coordinator.impact_edit, name="impact_edit"),
    path(community + "impact/<int:pk>/delete/", coordinator.impact_delete, name="impact_delete"),
    path(community + "impact/<int:pk>/track/", track.impact_track, name="impact_track"),
    path(community + "coordinators/", members.coordinators, name="coordinators"),
    path(
        community + "coordinators/<int:pk>/role/",
        members.membership_role,
        name="membership_role",
    ),
    path(
        community + "coordinators/<int:pk>/remove/",
        members.membership_remove,
        name="membership_remove",
    ),
    path(
        community + "coordinators/<int:pk>/hand-over/",
        members.ownership_hand_over,
        name="ownership_hand_over",
    ),
    path(
        community + "invitations/<int:pk>/resend/",
        members.invitation_resend,
        name="invitation_resend",
    ),
    path(
        community + "invitations/<int:pk>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
]
