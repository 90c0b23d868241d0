"""No role widens its own rights (DESIGN.md "Who may do what", last three rows), and
every change of roles and staff status is on the audit log."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from registry import permissions
from registry.models.audit import AuditEntry


def change_url(user):
    return reverse("admin:registry_user_change", args=[user.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def post_account(client, account, *, groups=(), staff=True, **extra):
    return client.post(
        change_url(account),
        {
            "display_name": account.display_name,
            "email": account.email,
            "is_active": "on",
            **({"is_staff": "on"} if staff else {}),
            "groups": [g.pk for g in groups],
            **extra,
        },
    )


def group(name):
    return Group.objects.get(name=name)


@pytest.fixture
def superuser(make_user):
    return make_user("root@example.org", superuser=True)


@pytest.mark.django_db
def test_the_secretariat_gives_the_task_force_role_and_it_is_on_the_audit_log(
    secretariat, make_user
):
    person = make_user("expert@example.org", staff=False)
    response = post_account(signed_in(secretariat), person, groups=[group("Task force")])

    assert response.status_code == 302
    assert list(person.groups.values_list("name", flat=True)) == ["Task force"]
    entries = AuditEntry.objects.filter(user=person, actor=secretariat)
    assert set(entries.values_list("action", "detail")) == {
        ("role_given", "Task force"),
        ("staff_given", ""),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Bureau", "Secretariat"])
def test_the_secretariat_cannot_give_the_bureau_or_secretariat_role(secretariat, make_user, role):
    person = make_user("hopeful@example.org", staff=False)
    response = post_account(signed_in(secretariat), person, groups=[group(role)])

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["groups"]
    assert f"Only a superuser can give or take the role “{role}”." in errors
    person.refresh_from_db()
    assert not person.groups.exists() and not person.is_staff
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_cannot_take_the_bureau_role_or_edit_a_bureau_account(secretariat, bureau):
    client = signed_in(secretariat)
    assert client.get(change_url(bureau)).status_code == 200  # may look
    response = post_account(client, bureau, groups=[])
    password = client.post(
        reverse("admin:auth_user_password_change", args=[bureau.pk]),
        {"password1": "taken-over-2026!", "password2": "taken-over-2026!"},
    )

    assert response.status_code == 403
    assert password.status_code == 403
    bureau.refresh_from_db()
    assert list(bureau.groups.values_list("name", flat=True)) == ["Bureau"]
    assert not bureau.check_password("taken-over-2026!")


@pytest.mark.django_db
def test_the_secretariat_cannot_change_its_own_roles_or_staff_status(secretariat):
    response = post_account(
        signed_in(secretariat), secretariat, groups=[group("Secretariat"), group("Bureau")],
        staff=False,
    )  # fmt: skip

    assert response.status_code == 302  # its name and address may change; roles are read-only
    secretariat.refresh_from_db()
    assert list(secretariat.groups.values_list("name", flat=True)) == ["Secretariat"]
    assert secretariat.is_staff
    assert not permissions.can_decide(secretariat)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_superuser_cannot_change_their_own_roles_either(superuser):
    post_account(signed_in(superuser), superuser, groups=[group("Bureau")], staff=False)
    superuser.refresh_from_db()
    assert not superuser.groups.exists() and superuser.is_staff


@pytest.mark.django_db
def test_a_superuser_gives_and_takes_the_bureau_role_and_both_are_logged(superuser, make_user):
    person = make_user("member@example.org", staff=False)
    client = signed_in(superuser)

    post_account(client, person, groups=[group("Bureau")])
    assert permissions.can_decide(type(person).objects.get(pk=person.pk))
    post_account(client, person, groups=[], staff=False)

    person.refresh_from_db()
    assert not person.groups.exists() and not person.is_staff
    assert list(
        AuditEntry.objects.filter(user=person).order_by("pk").values_list("action", "detail")
    ) == [
        ("staff_given", ""),
        ("role_given", "Bureau"),
        ("staff_taken", ""),
        ("role_taken", "Bureau"),
    ]


@pytest.mark.django_db
def test_the_secretariat_adds_a_staff_user_and_it_is_logged(secretariat):
    response = signed_in(secretariat).post(
        reverse("admin:registry_user_add"),
        {
            "email": "new.staff@example.org",
            "display_name": "New Staff",
            "password1": "a-good-long-password-2026",
            "password2": "a-good-long-password-2026",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account_added")
    assert entry.actor == secretariat and entry.user.email == "new.staff@example.org"


@pytest.mark.django_db
def test_only_a_superuser_changes_the_rights_a_role_carries(secretariat, superuser):
    task_force = group("Task force")
    decide = Permission.objects.get(codename="decide_recommendation")
    url = reverse("admin:auth_group_change", args=[task_force.pk])
    forged = {"name": "Task force members", "permissions": [decide.pk]}

    assert signed_in(secretariat).post(url, forged).status_code == 302
    task_force.refresh_from_db()
    assert task_force.name == "Task force members"  # renaming is allowed
    assert not task_force.permissions.filter(pk=decide.pk).exists()

    signed_in(superuser).post(url, forged)
    assert task_force.permissions.filter(pk=decide.pk).exists()


@pytest.mark.django_db
def test_renaming_a_role_changes_no_ones_rights(secretariat, bureau, task_force, make_user):
    Group.objects.filter(name="Bureau").update(name="IPBES Bureau")
    Group.objects.filter(name="Task force").update(name="Task forces")
    bureau, task_force = (type(u).objects.get(pk=u.pk) for u in (bureau, task_force))

    assert permissions.can_decide(bureau) and permissions.can_recommend(task_force)
    person = make_user("hopeful@example.org", staff=False)
    response = post_account(signed_in(secretariat), person, groups=[group("IPBES Bureau")])
    assert response.status_code == 200  # still a superuser's to give


@pytest.mark.django_db
def test_the_audit_log_is_for_the_secretariat_and_read_only(secretariat, bureau, task_force):
    entry = AuditEntry.objects.create(actor=secretariat, action="role_given", user=task_force)
    url = reverse("admin:registry_auditentry_changelist")

    assert signed_in(secretariat).get(url).status_code == 200
    assert signed_in(bureau).get(url).status_code == 403
    assert signed_in(task_force).get(url).status_code == 403
    change = reverse("admin:registry_auditentry_change", args=[entry.pk])
    delete = reverse("admin:registry_auditentry_delete", args=[entry.pk])
    client = signed_in(secretariat)
    client.post(change, {"detail": "rewritten"})
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.detail == ""
    with pytest.raises(ValueError):
        entry.save()


@pytest.mark.django_db
def test_the_audit_log_cannot_be_rewritten_in_bulk_either(secretariat, task_force):
    from registry.models.audit import AppendOnlyError

    AuditEntry.objects.create(actor=secretariat, action="role_given", user=task_force)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(user=task_force).update(detail="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(user=task_force).delete()
    assert AuditEntry.objects.get(user=task_force).detail == ""
