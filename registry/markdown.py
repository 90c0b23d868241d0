"""Markdown from users, rendered safely: raw HTML is escaped by Markdown's own
rules and the output is sanitised by nh3 to a small allow-list; every link gets
rel="nofollow ugc noopener"."""

import re

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


def render_markdown(text, top=3):
    """Markdown text → sanitised HTML, marked safe for templates; the text's headings
    start at level ``top``."""
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    # The page has its own headings above the text: the user's start at ``top``.
    html = _heading_levels(html, top)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 above)
