"""The "Get e-mail updates" form of every list (registry/views/subscriptions.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registry.filters.followed import filterset_for, normalise_query
from registry.models import Subscription
from registry.models.subscriptions import QUERY_MAX_LENGTH


class SubscriptionForm(forms.Form):
    """An address, a language, and the list and filter being followed (hidden: they
    come from the list page's link)."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link to confirm it; nothing else until you open it."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose one of the languages listed.")},
    )
    kind = forms.ChoiceField(
        choices=Subscription.Kind.choices,
        widget=forms.HiddenInput,
        # Never echo the posted value (it may hold control characters).
        error_messages={"invalid_choice": _("This list cannot be followed by e-mail.")},
    )
    query = forms.CharField(
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.HiddenInput,
        error_messages={
            "max_length": _("This filter is too long to follow; remove some of its choices.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and "query" in cleaned:
            query = normalise_query(kind, cleaned["query"])
            filterset = filterset_for(kind, query)
            if len(query) > QUERY_MAX_LENGTH:
                self.add_error("query", self.fields["query"].error_messages["max_length"])
            elif not filterset.is_valid():
                self.add_error(
                    "query", _("This filter has values the list does not know; change it first.")
                )
            else:
                cleaned["query"] = query
        return cleaned
