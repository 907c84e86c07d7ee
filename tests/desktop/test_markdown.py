"""The note Markdown subset: everything is escaped first, then only safe tags appear."""

from __future__ import annotations

import re

import pytest

from desktop.markdown import first_line, markdown_to_html

ALLOWED_TAGS = {"p", "b", "i", "code", "ul", "ol", "li", "a"}


def tags(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html)}


def test_inline_markup() -> None:
    assert markdown_to_html("**bold** and *italic* and __b__ and _i_ and `x < y`") == (
        "<p><b>bold</b> and <i>italic</i> and <b>b</b> and <i>i</i> and <code>x &lt; y</code></p>"
    )


def test_paragraphs_and_lists() -> None:
    text = "First line\nsame paragraph.\n\n- one\n- two *x*\n  continued\n\n1. a\n2. b\nAfter."
    assert markdown_to_html(text) == (
        "<p>First line same paragraph.</p>"
        "<ul><li>one</li><li>two <i>x</i> continued</li></ul>"
        "<ol><li>a</li><li>b</li></ol><p>After.</p>"
    )


def test_http_links_only() -> None:
    html = markdown_to_html(
        "[KCNA](https://kcnawatch.org/a?b=1&c=2) and [plain](http://example.org)"
    )
    assert '<a href="https://kcnawatch.org/a?b=1&amp;c=2">KCNA</a>' in html
    assert '<a href="http://example.org">plain</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "[file](file:///etc/passwd)",
        '[x](http://a"onmouseover="alert(1))',
        "<a href='https://evil.example'>evil</a>",
        "**<b onclick=x>**",
        "`<script>`",
        "<style>body{display:none}</style>",
        "&lt;script&gt; already escaped",
        "- <iframe src=x>\n- ok",
        "\x00<b>\x00",
    ],
)
def test_hostile_input_never_produces_markup(hostile: str) -> None:
    html = markdown_to_html(hostile)
    assert tags(html) <= ALLOWED_TAGS, html
    assert (
        "<script" not in html
        and "<img" not in html
        and "<iframe" not in html
        and "<style" not in html
    )
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("http://", "https://")), href
    assert not re.search(r"<a [^>]*on\w+=", html)


def test_script_shows_as_text() -> None:
    assert (
        markdown_to_html("<script>alert(1)</script>")
        == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert markdown_to_html("&amp;") == "<p>&amp;amp;</p>"


def test_javascript_link_stays_literal_text() -> None:
    assert markdown_to_html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>"


def test_code_protects_its_content() -> None:
    assert markdown_to_html("`**not bold**`") == "<p><code>**not bold**</code></p>"


def test_stars_inside_words_are_not_emphasis() -> None:
    assert markdown_to_html("2*3*4 and snake_case_name") == "<p>2*3*4 and snake_case_name</p>"


def test_first_line_for_tooltips() -> None:
    assert first_line("\n\n**Inaccurate.** See [KCNA](https://x).\nMore") == "Inaccurate. See KCNA."
    assert first_line("- *one*") == "one"
    assert first_line("") == ""
    assert first_line("x" * 300, limit=10).endswith("…")
