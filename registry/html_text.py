"""Text for HTML that template tags write by hand (registry/templatetags/): the same
escaping a template applies to a variable, and the trust it gives {% translate %}.

Tags that write many parts per page (cards, filter choices, map shapes) build them
with f-strings and these, rather than one format_html() per part: the result is the
same, byte for byte, without format_html's parsing and lazy-string checks."""

import html

from django.utils.safestring import SafeString, mark_safe


def escaped(value):
    """``value`` as a template prints a variable: as it is when already safe HTML (it has
    ``__html__``), else escaped (what django.utils.html.conditional_escape does)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def translated(text):
    """A translation, trusted as {% translate %} trusts it (never escaped)."""
    return mark_safe(text)  # noqa: S308 (translations are the project's own text)


def joined(parts, separator=""):
    """Parts built from ``escaped`` values, as one safe string."""
    return SafeString(separator.join(parts))
