"""The contact form of a community and the confirmation of an account's deletion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models.users import DISPLAY_NAME_MAX_LENGTH
from registry.services.privacy import CONTACT_MESSAGE_MAX_LENGTH


class ContactForm(forms.Form):
    """A message to a community, relayed by e-mail with Reply-To the sender."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The community answers you there; the registry keeps no copy."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address, so that the community can answer."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=CONTACT_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message.")},
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write your message."))
        return message


class AccountDeleteForm(forms.Form):
    """The person confirms with their password (or, without one, by typing the address)."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm_email = forms.CharField(
        label=_("Type your e-mail address to confirm"), required=False, max_length=254
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirm_email"]
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password:
            raise forms.ValidationError(_("Enter your password to confirm."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_confirm_email(self):
        typed = self.cleaned_data["confirm_email"].strip()
        if typed.lower() != self.user.email.lower():
            raise forms.ValidationError(_("Type the address you sign in with."))
        return typed
