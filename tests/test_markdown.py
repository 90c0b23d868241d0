"""User Markdown renders as safe HTML that fits the page's outline."""

from registry.markdown import render_markdown


def test_headings_start_below_the_pages_own():
    html = render_markdown("# Who we are\n\n## Members\n\n#### Deep")
    assert "<h3>Who we are</h3>" in html
    assert "<h4>Members</h4>" in html
    assert "<h5>Deep</h5>" in html  # no level skipped: h3, h4, then h5
    assert "<h1>" not in html and "<h2>" not in html


def test_links_are_nofollow_and_scripts_are_gone():
    html = render_markdown(
        "[site](https://example.org) [bad](javascript:alert(1)) <script>alert(1)</script>"
        '<img src=x onerror="alert(1)">'
    )
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in html
    assert "javascript:" not in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
