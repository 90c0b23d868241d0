"""A community's contact form: relayed by e-mail with Reply-To the sender, the
community's address never reaching the sender, rate-limited per client and community."""

import pytest
from django.core import mail
from django.urls import reverse

from registry.models import Community, Membership

ADDRESS = "hidden-desk@pollinators.example.org"
SENDER = "curious.visitor@example.net"


@pytest.fixture
def community(make_community, make_user):
    owner = make_user("owner@example.org")
    return make_community("Hidden Desk Network", owner=owner, contact_email=ADDRESS)


def _url(community):
    return reverse("registry:community_contact", args=[community.slug])


def _post(client, community, **overrides):
    data = {"name": "Curious Visitor", "email": SENDER, "message": "Can we join you?"}
    data.update(overrides)
    return client.post(_url(community), data)


def _deliver(sent_mail, django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        response = action()
    return response, sent_mail()


@pytest.mark.django_db
def test_a_message_reaches_the_community_with_reply_to_the_sender(
    client, community, sent_mail, django_capture_on_commit_callbacks
):
    response, outbox = _deliver(
        sent_mail, django_capture_on_commit_callbacks, lambda: _post(client, community)
    )
    assert response.status_code == 302
    assert response["Location"] == community.get_absolute_url()
    [message] = outbox
    assert message.to == [ADDRESS]
    assert message.reply_to == [SENDER]
    assert SENDER not in message.from_email
    assert "Can we join you?" in message.body and "Curious Visitor" in message.body
    # The sender is told it was sent, never where.
    page = client.get(response["Location"]).content.decode()
    assert "Your message was sent" in page and ADDRESS not in page


@pytest.mark.django_db
def test_the_community_address_never_reaches_the_sender(
    client, community, sent_mail, django_capture_on_commit_callbacks
):
    form_page = client.get(_url(community))
    assert form_page.status_code == 200 and ADDRESS not in form_page.content.decode()
    response, outbox = _deliver(
        sent_mail, django_capture_on_commit_callbacks, lambda: _post(client, community)
    )
    assert ADDRESS not in response.content.decode()
    for message in outbox:
        if SENDER in message.recipients():
            raise AssertionError(f"the sender got a message: {message.subject}")
    assert all(ADDRESS not in str(m.message()) for m in mail.outbox if m.to != [ADDRESS])


@pytest.mark.django_db
def test_without_a_contact_address_the_message_goes_to_the_coordinators(
    client, make_community, make_user, sent_mail, django_capture_on_commit_callbacks
):
    owner, editor = make_user("own@example.org"), make_user("edit@example.org")
    community = make_community("Addressless", owner=owner)
    Membership.objects.create(user=editor, community=community, role="editor")
    _response, outbox = _deliver(
        sent_mail, django_capture_on_commit_callbacks, lambda: _post(client, community)
    )
    assert sorted(m.to[0] for m in outbox) == ["edit@example.org", "own@example.org"]
    assert all(m.reply_to == [SENDER] for m in outbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("message", "", "Write your message."),
        ("message", "   ", "Write your message."),
        ("email", "", "Enter your e-mail address, so that the community can answer."),
        ("email", "not-an-address", "Enter a valid e-mail address, like name@example.org."),
        ("name", "", "Enter your name."),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_sent(
    client, community, field, value, error
):
    response = _post(client, community, **{field: value})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not mail.outbox
    from mailer.models import Message

    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_client_address(client, community, settings):
    settings.REGISTRY_RATE_LIMITS = {"community_contact": "2/h/ip"}
    assert _post(client, community).status_code == 302
    assert _post(client, community).status_code == 302
    refused = _post(client, community)
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    # Another client still gets through.
    data = {"name": "Other Visitor", "email": "other@example.net", "message": "Hello"}
    assert client.post(_url(community), data, REMOTE_ADDR="10.0.0.9").status_code == 302


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_community(client, community, make_community, settings):
    settings.REGISTRY_RATE_LIMITS = {"community_contact": "100/h/ip,1/d/key"}
    other = make_community("Other Desk", contact_email="other@example.org")
    assert _post(client, community).status_code == 302
    assert (
        client.post(
            _url(community),
            {"name": "B", "email": SENDER, "message": "Again"},
            REMOTE_ADDR="10.1.1.1",
        ).status_code
        == 429
    )
    assert _post(client, other).status_code == 302


@pytest.mark.django_db
def test_only_a_published_community_with_someone_to_write_to_has_a_form(client, make_community):
    draft = make_community("Draft Desk", status=Community.Status.DRAFT, contact_email=ADDRESS)
    nobody = make_community("Nobody Desk")
    assert client.get(_url(draft)).status_code == 404
    assert client.get(_url(nobody)).status_code == 404
    assert client.get(reverse("registry:community_contact", args=["no-such"])).status_code == 404
