"""A safe Markdown subset for annotation notes, rendered to the HTML subset QLabel understands.

Safety comes first and from the order of operations: *all* of the input is HTML-escaped before any
Markdown is recognised, so a note can never inject markup (`<script>` shows as text). Then only
these constructs become tags:

- paragraphs (blank-line separated), bullet lists (`- `, `* `, `+ `) and numbered lists (`1. `);
- `**bold**` / `__bold__`, `*italic*` / `_italic_`, `` `code` ``;
- `[text](url)` links, only when the url is http or https (anything else stays as literal text).

No Qt here: it is plain string work, usable by the exporters as well.
"""

from __future__ import annotations

import html
import re

__all__ = ["first_line", "markdown_to_html"]

_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")
_CODE = re.compile(r"`([^`\n]+)`")
# Applied to escaped text: the url may not contain spaces, parentheses or an escaped quote/angle.
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s()<>]+?)\)", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(
    r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
)
_TOKEN = re.compile("\x00(\\d+)\x00")


def _emphasis(escaped: str) -> str:
    escaped = _BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", escaped)
    return _ITALIC.sub(lambda m: f"<i>{m.group(1) or m.group(2)}</i>", escaped)


def _inline(raw: str) -> str:
    """Escape one run of text, then turn the inline Markdown in it into tags."""
    tokens: list[str] = []

    def stash(fragment: str) -> str:
        tokens.append(fragment)
        return f"\x00{len(tokens) - 1}\x00"

    text = html.escape(raw.replace("\x00", ""), quote=True)
    # Code first, so `**x**` inside backticks stays literal; links next, so `*` in a url is safe.
    text = _CODE.sub(lambda m: stash(f"<code>{m.group(1)}</code>"), text)
    text = _LINK.sub(
        lambda m: stash(f'<a href="{m.group(2)}">{_emphasis(m.group(1))}</a>'),
        text,
    )
    text = _emphasis(text)
    while _TOKEN.search(text):  # a link may hold a code token: restore until none is left
        text = _TOKEN.sub(lambda m: tokens[int(m.group(1))], text)
    return text


def markdown_to_html(text: str) -> str:
    """Render the Markdown subset of a note to HTML. Every character of `text` is escaped first."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    list_tag = ""

    def close_paragraph() -> None:
        if paragraph:
            out.append("<p>" + _inline(" ".join(paragraph)) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join("<li>" + _inline(" ".join(item)) + "</li>" for item in items)
            out.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            close_paragraph()
            close_list()
            continue
        bullet = _BULLET.match(line)
        numbered = None if bullet else _NUMBERED.match(line)
        if bullet or numbered:
            tag = "ul" if bullet else "ol"
            close_paragraph()
            if list_tag and list_tag != tag:
                close_list()
            list_tag = tag
            items.append([(bullet or numbered).group(1).strip()])  # type: ignore[union-attr]
        elif items and line[:1].isspace():
            items[-1].append(line.strip())  # continuation of the last list item
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return "".join(out)


def first_line(text: str, *, limit: int = 160) -> str:
    """The first non-blank line of a note with Markdown markers removed, for tooltips (plain text)."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            line = _BULLET.sub(r"\1", line)
            line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
            line = re.sub(r"(\*\*|__|`)", "", line)
            line = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", line)
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""
