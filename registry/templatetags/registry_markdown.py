from django import template

from registry.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ community.description|markdown }}: sanitised HTML."""
    return render_markdown(text)
