"""What a community's profile still lacks, for the coordinator's hint on /my/. Only
the name, summary and one topic are required to submit; the rest helps visitors find
the community and is named here so that "complete the profile" means something."""

from django.utils.translation import gettext_lazy as _

# (field, what to call it in the hint), in the order of the form
OPTIONAL_FIELDS = (
    ("description", _("a description")),
    ("website", _("a website")),
    ("functions", _("IPBES functions")),
    ("regions", _("IPBES regions")),
    ("scales", _("scales")),
    ("member_types", _("who takes part")),
    ("languages", _("languages of work")),
    ("contact_email", _("a contact address")),
    ("how_to_join", _("how to join")),
    ("logo", _("a logo")),
)
MANY = {"functions", "regions", "scales", "member_types", "languages"}


def profile_gaps(community):
    """The names (translated) of what the profile does not say yet; [] when complete."""
    gaps = []
    for name, label in OPTIONAL_FIELDS:
        value = getattr(community, name)
        # all(): the rows prefetched with the community, when they were (the dashboard)
        filled = bool(value.all()) if name in MANY else bool(value)
        if not filled:
            gaps.append(str(label))
    return gaps
