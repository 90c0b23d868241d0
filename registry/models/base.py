"""What every model module shares: the limits the constraints hold, and the helpers
that make those constraints."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.functional import lazy

# Long free text: sizes a person writes (a description is a few pages of Markdown,
# a note or reason a few paragraphs). Model forms show the standard error on the
# field; the database refuses longer text too (length_at_most below).
DESCRIPTION_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000

# The earliest year a contribution may start in.
EARLIEST_START_YEAR = 1990
# IPBES was established in 2012: no deliverable and no use of its outputs is older.
IPBES_ESTABLISHED_YEAR = 2012
EARLIEST_IMPACT_YEAR = IPBES_ESTABLISHED_YEAR
# Years typed by people (a community's founding, a deliverable's approval, a filter):
# anything outside is a typing mistake.
EARLIEST_FOUNDED_YEAR = 1900
LATEST_YEAR = 2100


def length_at_most(field, limit, name):
    """A database CheckConstraint: ``field`` holds at most ``limit`` characters."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(models.functions.Length(field), limit),
        name=name,
    )


def with_year(message, year):
    """``message`` with ``%(year)d`` filled in, translated only when it is shown
    (formatting a lazy message at import would fix the language)."""
    return lazy(lambda: str(message) % {"year": year}, str)()


# The field each check_on_field() constraint reports on, by constraint name (names
# are unique in the database). Kept here, not on the constraint, because Django
# copies constraints through their migration form, which has no field.
FIELD_OF_CHECK = {}


def check_on_field(field, condition, *, name, message):
    """A database CheckConstraint whose one ``message`` model validation (so
    every ModelForm and the admin) shows on ``field``, in a model based on
    FieldCheckedModel."""
    FIELD_OF_CHECK[name] = field
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=message, violation_error_code=name
    )


class FieldCheckedModel(models.Model):
    """A model whose constraints made by check_on_field() report on their field,
    as a form shows any other field error, instead of above the form."""

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = {}
            for key, messages in error.error_dict.items():
                for message in messages:
                    on = FIELD_OF_CHECK.get(message.code, key) if key == NON_FIELD_ERRORS else key
                    errors.setdefault(on, []).append(message)
            raise ValidationError(errors) from None
