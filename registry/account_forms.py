"""Sign-up asks for the name the registry will call a person by."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models.privacy import PrivacyNotice
from registry.models.users import DISPLAY_NAME_MAX_LENGTH


def current_notice_version():
    notice = PrivacyNotice.objects.current()
    return notice.version if notice else None


class SignupForm(forms.Form):
    """Added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_("How the registry names you to other coordinators and in its e-mails."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # The version of the privacy notice the sign-up page linked to (recorded on the account).
    privacy_notice_version = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput, initial=current_notice_version
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name you want to be called by."))
        return name

    def clean_privacy_notice_version(self):
        # A version never published (or none posted) counts as the one in force now.
        shown = self.cleaned_data.get("privacy_notice_version")
        current = current_notice_version()
        return shown if shown and current and shown <= current else current

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.privacy_notice_version = self.cleaned_data.get("privacy_notice_version")
        user.save(update_fields=["display_name", "privacy_notice_version"])
