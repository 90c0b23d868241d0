"""Coordinators' forms: ModelForms with an explicit ``fields`` list.

Status and slug are never form fields: they change only in ``registry.services``.
Django links each input to its help text and errors (``aria-describedby``, ids
``<id>_helptext`` and ``<id>_error``), rendered by ``registry/_partials/form_field.html``.
"""

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from registry import images
from registry.models import (
    ActivityType,
    Community,
    ContactVisibility,
    Contribution,
    Deliverable,
    Function,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Invitation,
    Language,
    Membership,
    MemberType,
    Region,
    Scale,
    Topic,
    User,
)
from registry.models.base import (
    EARLIEST_FOUNDED_YEAR,
    EARLIEST_IMPACT_YEAR,
    LATEST_YEAR,
    with_year,
)

# How far ahead a contribution may be planned: it depends on today, so no database
# constraint can hold it, and only the form checks it.
YEARS_AHEAD = 5
http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
    code="http_url",  # not "invalid", which the form field would replace with its own message
)


def _formfield(model_field, **kwargs):
    # Web addresses typed without a scheme get https:// (Django 6's default).
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})


def _countries_widget():
    """A plain multiple select (Ctrl-click) without JavaScript; static/js/country_picker.js
    turns it into a searchable list of checkboxes, its wording from these attributes."""
    return forms.SelectMultiple(
        attrs={
            "size": 8,
            "class": "country-select",
            "data-country-picker": "",
            "data-search-label": _("Find a country"),
            "data-chosen-label": _("Chosen countries"),
            "data-none-chosen": _("None yet."),
            "data-remove": _("Remove %(country)s"),
            "data-help": _("Type part of a name, then tick the countries."),
        }
    )


def _active(model, instance=None, field=None):
    """Reference entries in use, plus those already chosen on this object."""
    queryset = model.objects.active()
    if instance is not None and instance.pk and field:
        queryset = model.objects.filter(
            pk__in=list(queryset.values_list("pk", flat=True))
            + list(getattr(instance, field).values_list("pk", flat=True))
        )
    return queryset


def _latest_planned_date():
    """The latest date a contribution may start or end on, YEARS_AHEAD years from today."""
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


class CommunityForm(forms.ModelForm):
    """Register or edit a community's profile (not its status or slug)."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=lazy(images.limits_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        formfield_callback = _formfield
        model = Community
        fields = [
            "name",
            "acronym",
            "summary",
            "description",
            "website",
            "host_ror",
            "year_founded",
            "member_count",
            "topics",
            "functions",
            "scales",
            "regions",
            "countries",
            "member_types",
            "languages",
            "contact_email",
            "contact_visibility",
            "how_to_join",
            "logo",
        ]
        widgets = {
            # maxlength is the limit without JavaScript; static/js/char_counter.js counts.
            "summary": forms.Textarea(
                attrs={
                    "rows": 3,
                    "maxlength": 300,
                    "data-char-counter": _("%(used)s of %(max)s characters"),
                    "data-char-cut": _("The pasted text was cut at %(max)s characters."),
                }
            ),
            "description": forms.Textarea(attrs={"rows": 10}),
            "how_to_join": forms.Textarea(attrs={"rows": 4}),
            "topics": _checkboxes(),
            "functions": _checkboxes(),
            "scales": _checkboxes(),
            "regions": _checkboxes(),
            "member_types": _checkboxes(),
            "languages": _checkboxes(),
            "countries": _countries_widget(),
            "contact_visibility": forms.RadioSelect,
        }
        help_texts = {
            "description": _(
                "What the community does and for whom. You can use Markdown: "
                "**bold**, *italic*, lists and [links](https://example.org)."
            ),
            "topics": _("Choose at least one IPBES topic the community works on."),
            "countries": _("Hold Ctrl (or ⌘ on a Mac) to choose several countries."),
            "contact_email": _("Where messages to the community go; who sees it is your choice."),
            "how_to_join": _("Who can join, and how."),
            "summary": _("One or two sentences, at most 300 characters."),
        }
        error_messages = {
            "topics": {"required": _("Choose at least one topic.")},
            "name": {"required": _("Enter the community's name.")},
            "summary": {"required": _("Write a short summary (at most 300 characters).")},
        }

    # (legend, field names) for the <fieldset> sections of the form
    SECTIONS = (
        (_("About"), ("name", "acronym", "summary", "description", "website", "host_ror",
                      "year_founded", "member_count")),
        (_("Focus"), ("topics", "functions", "scales", "regions", "countries", "member_types",
                      "languages")),
        (_("Contact and joining"), ("contact_email", "contact_visibility", "how_to_join")),
        (_("Logo"), ("logo",)),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in (
            ("topics", Topic),
            ("functions", Function),
            ("scales", Scale),
            ("regions", Region),
            ("member_types", MemberType),
            ("languages", Language),
        ):
            self.fields[name].queryset = _active(model, self.instance, name)
        self.fields["website"].validators = [http_url]
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        self.fields["year_founded"].widget.attrs.update(
            {"min": EARLIEST_FOUNDED_YEAR, "max": LATEST_YEAR}
        )
        self.fields["member_count"].widget.attrs["min"] = 0
        # Left out, the choice stays as it was (the contact form, for a new community).
        self.fields["contact_visibility"].required = False

    def clean_contact_visibility(self):
        return self.cleaned_data.get("contact_visibility") or (
            self.instance.contact_visibility or ContactVisibility.FORM
        )

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def full_clean(self):
        super().full_clean()
        # A browser never sends a file twice: when the form comes back with errors,
        # say so on the logo field rather than silently dropping the chosen file.
        if self._errors and self.files.get("logo") and "logo" not in self._errors:
            self._errors["logo"] = self.error_class(
                [_("Choose the logo file again: files are not kept when the form has errors.")]
            )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        # False means "clear", None or the current file means "unchanged".
        if not upload or not hasattr(upload, "content_type"):
            return upload
        return images.clean_logo(upload)


class ContributionForm(forms.ModelForm):
    """A contribution (one activity) of a community."""

    class Meta:
        formfield_callback = _formfield
        model = Contribution
        fields = [
            "activity_type",
            "title",
            "description",
            "start_date",
            "end_date",
            "scale",
            "online",
            "countries",
            "participants",
            "evidence_url",
            "deliverables",
            "topics",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": _date_widget(),
            "end_date": _date_widget(),
            "countries": _countries_widget(),
            "deliverables": _checkboxes(),
            "topics": _checkboxes(),
        }
        help_texts = {
            "description": _("Markdown: **bold**, *italic*, lists and [links](https://…)."),
            "end_date": _("Leave empty for a one-day activity."),
            "evidence_url": _("A web page, report or recording showing the activity."),
            "online": _("Tick if the activity took place online."),
        }
        error_messages = {
            "activity_type": {"required": _("Choose the kind of activity.")},
            "title": {"required": _("Enter a title.")},
            "start_date": {"required": _("Enter the start date.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.active()
        self.fields["scale"].queryset = Scale.objects.active()
        self.fields["deliverables"].queryset = _active(Deliverable, self.instance, "deliverables")
        self.fields["topics"].queryset = _active(Topic, self.instance, "topics")
        self.fields["evidence_url"].validators = [http_url]
        self.fields["participants"].widget.attrs["min"] = 0

    def clean(self):
        # The earliest start and the order of the dates are the model's constraints.
        cleaned = super().clean()
        latest = _latest_planned_date()
        for name in ("start_date", "end_date"):
            if cleaned.get(name) and cleaned[name] > latest:
                self.add_error(
                    name, _("Enter a date before %(date)s.") % {"date": latest.isoformat()}
                )
        return cleaned


class ImpactExampleForm(forms.ModelForm):
    """An example of the use of IPBES outputs in decision-making or in science."""

    class Meta:
        formfield_callback = _formfield
        model = ImpactExample
        fields = [
            "title",
            "impact_type",
            "impact_scale",
            "date",
            "deliverables",
            "description",
            "countries",
            "evidence_url",
            "track_url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "date": _date_widget(),
            "countries": _countries_widget(),
            "deliverables": _checkboxes(),
        }
        help_texts = {
            "description": _("Markdown: **bold**, *italic*, lists and [links](https://…)."),
            "deliverables": _("Choose at least one IPBES deliverable that was used."),
            "date": with_year(
                _("When the impact happened (IPBES was established in %(year)d)."),
                EARLIEST_IMPACT_YEAR,
            ),
        }
        error_messages = {
            "title": {"required": _("Enter a title.")},
            "deliverables": {"required": _("Choose at least one IPBES deliverable.")},
            "impact_type": {"required": _("Choose the type of impact.")},
            "impact_scale": {"required": _("Choose the scale of impact.")},
            "date": {"required": _("Enter the date.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["impact_type"].queryset = ImpactType.objects.active()
        self.fields["impact_scale"].queryset = ImpactScale.objects.active()
        self.fields["deliverables"].queryset = _active(Deliverable, self.instance, "deliverables")
        for name in ("evidence_url", "track_url"):
            self.fields[name].validators = [http_url]

    def clean_date(self):
        # The earliest date is the model's constraint; the latest depends on today.
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ImpactTrackForm(forms.ModelForm):
    """The address of an example's record in TRACK, once registered there."""

    class Meta:
        formfield_callback = _formfield
        model = ImpactExample
        fields = ["track_url"]
        labels = {"track_url": _("Address of the record in TRACK")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track_url"].validators = [http_url]
        self.fields["track_url"].widget.attrs["placeholder"] = (
            "https://www.ipbes.net/impact-tracking"
        )


class ProfileForm(forms.ModelForm):
    """What a person adds to their own account: their ORCID iD."""

    class Meta:
        model = User
        fields = ["orcid"]


class InvitationForm(forms.Form):
    """Invite a co-coordinator by e-mail."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=Invitation._meta.get_field("email").max_length,
        error_messages={"required": _("Enter the e-mail address of the person to invite.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        # Never echo the posted value (it may hold control characters).
        error_messages={"invalid_choice": _("Choose a valid role.")},
        help_text=_(
            "Editors keep the profile, contributions and impact examples up to date; "
            "owners can also submit the community and manage its coordinators."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ArchiveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the community is archived; the other coordinators receive it."),
    )


__all__ = [
    "ArchiveForm",
    "CommunityForm",
    "ContributionForm",
    "ImpactExampleForm",
    "ImpactTrackForm",
    "InvitationForm",
    "ProfileForm",
    "RoleForm",
]
