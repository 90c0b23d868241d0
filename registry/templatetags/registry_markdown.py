from django import template

from registry.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, top=3):
    """{{ community.description|markdown }}: sanitised HTML, headings from h3;
    ``|markdown:4`` under an h3 (a contribution's description)."""
    return render_markdown(text, top=int(top))
