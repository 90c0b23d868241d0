"""Markdown from users, rendered safely: raw HTML is escaped by Markdown's own
rules and the output is sanitised by nh3 to a small allow-list; every link gets
rel="nofollow ugc noopener"."""

import functools
import re
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
HEADING = re.compile(r"<(/?)h([1-6])>")


def _heading_levels(html, top):
    """The user's heading levels, in order and without gaps, from ``top`` (the level
    under the page's own heading): ## then #### becomes h3 then h4, never h3 then h5."""
    used = sorted({int(level) for _, level in HEADING.findall(html)})
    new = {level: min(top + rank, 6) for rank, level in enumerate(used)}
    return HEADING.sub(lambda m: f"<{m[1]}h{new[int(m[2])]}>", html)


_local = threading.local()


def _converter():
    """This thread's Markdown converter: building one (its extensions, its patterns)
    costs more than converting a summary, and a converter is not thread-safe."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return converter.reset()


def render_markdown(text, top=3):
    """Markdown text → sanitised HTML, marked safe for templates; the text's headings
    start at level ``top``."""
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    return mark_safe(_rendered(text, top))  # noqa: S308 (sanitised by nh3 in _rendered)


@functools.lru_cache(maxsize=2048)
def _rendered(text, top):
    """The sanitised HTML of ``text``: a pure function of its arguments, so the texts
    of the pages being read are converted once per process, not at every request."""
    html = _converter().convert(text)
    # The page has its own headings above the text: the user's start at ``top``.
    html = _heading_levels(html, top)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    return clean
