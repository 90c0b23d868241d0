"""What every model module shares: the limits of long text and the constraint that holds them."""

from django.db import models

# Long free text: sizes a person writes (a description is a few pages of Markdown,
# a note or reason a few paragraphs). Model forms show the standard error on the
# field; the database refuses longer text too (length_at_most below).
DESCRIPTION_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000


def length_at_most(field, limit, name):
    """A database CheckConstraint: ``field`` holds at most ``limit`` characters."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(models.functions.Length(field), limit),
        name=name,
    )
