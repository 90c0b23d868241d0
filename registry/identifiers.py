"""Persistent identifiers: a host organisation's ROR ID, a person's ORCID iD, and the
address of an example's record in TRACK (the IPBES impact tracking database).

Each has one validator, used by the model fields (so coordinators' forms and the
admin check the same), and the ROR and ORCID fields store one normal form: the full
https:// address, whatever form was typed. ``property_value`` gives the schema.org
``PropertyValue`` the JSON-LD carries.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

ROR_PREFIX = "https://ror.org/"
ORCID_PREFIX = "https://orcid.org/"

# --- ROR: 0, six characters of Crockford's base32, two check digits (ISO 7064 mod 97-10) --

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # no i, l, o, u
_ROR = re.compile(r"^(?:(?:https?://)?(?:www\.)?ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}[0-9]{2})/?$")


def ror_checksum(body):
    """The two check digits of a ROR ID's first seven characters."""
    number = 0
    for char in body:
        number = number * 32 + CROCKFORD.index(char)
    return f"{98 - (number * 100) % 97:02d}"


def ror_id(value):
    """The nine-character ROR ID in ``value`` (a URL, ror.org/… or the bare ID), or None."""
    match = _ROR.match(str(value or "").strip().lower())
    return match.group(1) if match else None


def normalise_ror(value):
    """https://ror.org/<id> for any accepted form; anything else unchanged (the
    validator then says what is wrong)."""
    found = ror_id(value)
    return ROR_PREFIX + found if found else value


def validate_ror(value):
    found = ror_id(value)
    if found is None:
        raise ValidationError(
            _(
                "Enter a ROR ID such as https://ror.org/05dxps055: a 0, six letters or "
                "digits and two check digits."
            ),
            code="ror_format",
        )
    if ror_checksum(found[:7]) != found[7:]:
        raise ValidationError(
            _(
                "This ROR ID's check digits do not match: it has a typing error. Copy the "
                "ID from the organisation's page on ror.org."
            ),
            code="ror_checksum",
        )


# --- ORCID iD: 16 characters in four groups, the last a check (ISO 7064 mod 11-2) -------

_ORCID = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?orcid\.org/)?"
    r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])/?$",
    re.IGNORECASE,
)


def orcid_check_digit(digits):
    """The check character (0-9 or X) of an ORCID iD's first fifteen digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_id(value):
    """The iD in ``value`` as XXXX-XXXX-XXXX-XXXX, or None."""
    match = _ORCID.match(str(value or "").strip())
    return "-".join(match.groups()).upper() if match else None


def normalise_orcid(value):
    """https://orcid.org/XXXX-XXXX-XXXX-XXXX for any accepted form; else unchanged."""
    found = orcid_id(value)
    return ORCID_PREFIX + found if found else value


def validate_orcid(value):
    found = orcid_id(value)
    if found is None:
        raise ValidationError(
            _(
                "Enter an ORCID iD such as 0000-0002-1825-0097 or "
                "https://orcid.org/0000-0002-1825-0097: sixteen digits in four groups, "
                "the last one possibly an X."
            ),
            code="orcid_format",
        )
    digits = found.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            _(
                "This ORCID iD's check digit does not match: it has a typing error. Copy the "
                "iD from your ORCID record."
            ),
            code="orcid_checksum",
        )


# --- TRACK: a record address on the IPBES site's impact-tracking pages -------------------

TRACK_HOSTS = {"ipbes.net", "www.ipbes.net"}
_TRACK_PATH = re.compile(r"^/impact-tracking(?:-view)?(?:/.*)?$")


def validate_track_url(value):
    """Only https://ipbes.net/impact-tracking… (or www.ipbes.net): the addresses of
    TRACK, the IPBES impact tracking database."""
    parts = urlsplit(str(value or "").strip())
    if not (
        parts.scheme == "https"
        # The whole netloc: no port, no user, and never parts.port (a 500 on a bad port).
        and parts.netloc.lower() in TRACK_HOSTS
        and _TRACK_PATH.match(parts.path)
    ):
        raise ValidationError(
            _(
                "Enter the address of the example's record in TRACK, the IPBES impact "
                "tracking database: it starts with https://www.ipbes.net/impact-tracking "
                "(or https://ipbes.net/impact-tracking)."
            ),
            code="track_url",
        )


# --- Model fields -------------------------------------------------------------------------


class _NormalisedIdentifierField(models.CharField):
    """A CharField that stores one normal form of an identifier (typed any accepted
    way): forms and the admin see it in model validation, before the validator runs."""

    normalise = staticmethod(lambda value: value)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value.strip()) if value else value

    def formfield(self, **kwargs):
        # Typed forms (https://www.orcid.org/…) are longer than the one stored.
        return super().formfield(**{"max_length": 100, **kwargs})


class RorField(_NormalisedIdentifierField):
    normalise = staticmethod(normalise_ror)
    default_validators = [validate_ror]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)


class OrcidField(_NormalisedIdentifierField):
    normalise = staticmethod(normalise_orcid)
    default_validators = [validate_orcid]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)


# --- JSON-LD --------------------------------------------------------------------------------


def property_value(property_id, url):
    """schema.org PropertyValue of a stored identifier (its full https:// address)."""
    value = url.rsplit("/", 1)[-1]
    return {"@type": "PropertyValue", "propertyID": property_id, "value": value, "url": url}
