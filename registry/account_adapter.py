"""allauth's links (e-mail verification, password reset) come from the same place as
every other e-mail's: registry.links."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from registry.links import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))
