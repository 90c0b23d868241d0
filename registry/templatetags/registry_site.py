"""{% main_nav %} and {% language_links %}: the parts of base.html that every page
writes, the main navigation and the language switcher.

As template code they resolved some forty variables and fifteen {% url %}s on every
page (about 1 ms, a third of a page without queries). Here the links are reversed
once per process (links.reversed_once: they do not depend on the request or its
language) and the items written with f-strings, with the same text and messages as
the template they replace; the page being read is marked with aria-current."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from registry.html_text import escaped, joined
from registry.links import reversed_once

register = template.Library()

# (view name, label, the view name of the pages "inside" it, marked aria-current="true").
NAV = (
    ("registry:community_list", gettext_noop("Communities"), "registry:community_detail"),
    ("registry:topic_list", gettext_noop("Topics"), "registry:topic_detail"),
    ("registry:function_list", gettext_noop("Functions"), "registry:function_detail"),
    ("registry:contribution_list", gettext_noop("Contributions"), None),
    ("registry:impact_list", gettext_noop("Impact"), None),
    ("registry:supporter_list", gettext_noop("Supporters"), None),
    ("registry:coverage", gettext_noop("Coverage"), None),
    ("registry:about", gettext_noop("About"), None),
)


def _current(request):
    """The view name (namespace:name) of the page being read; "" when nothing matched."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main navigation's items: Home, then the public sections."""
    current = _current(context.get("request"))
    home = ' aria-current="page"' if current == "registry:home" else ""
    label = gettext("Home")
    items = [f'<li><a href="{escaped(reversed_once("registry:home"))}"{home}>{label}</a></li>']
    for view_name, label, inside in NAV:
        if current == view_name:
            mark = ' aria-current="page"'
        elif current == inside:
            mark = ' aria-current="true"'
        else:
            mark = ""
        # Translations are trusted as {% translate %} trusts them (html_text.translated).
        text = gettext(label)  # a gettext_noop message of NAV
        items.append(f'<li><a href="{escaped(reversed_once(view_name))}"{mark}>{text}</a></li>')
    return joined(items, "\n        ")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, to the page being read in that language (through
    language_choose, which remembers the choice); the current one marked."""
    request = context.get("request")
    here = escaped(quote(request.get_full_path(), safe="/")) if request is not None else ""
    current = get_language()
    items = []
    for code, _name in settings.LANGUAGES:
        mark = ' aria-current="true"' if code == current else ""
        name = escaped(get_language_info(code)["name_local"])
        url = escaped(reversed_once("language_choose", code))
        items.append(
            f'<li><a href="{url}?next={here}" lang="{code}"'
            f' hreflang="{code}" rel="nofollow"{mark}>{name}</a></li>'
        )
    return joined(items)
