"""The allow-list for a student's HTML in feedback pages (nbconvert's ``clean_html`` filter).

Feedback pages show a student's markdown, HTML outputs and raw cells. nbgrader_config.py
turns on nbconvert's sanitiser (``HTMLExporter.sanitize_html``) and registers
:func:`clean_html` under the name the templates call. nbconvert's own filter keeps only
bleach's dozen default tags and *escapes* the rest, so every heading and paragraph of a
lesson would show as literal ``<p>`` text; this one keeps what markdown and tables produce
and removes the rest: no ``<script>``, ``<style>``, ``<iframe>``, ``<form>``, no event
handler or ``style`` attribute, no ``javascript:`` link, images from http(s) or inline
``data:image/...`` only.
"""

from __future__ import annotations

import bleach

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul", "var"})
ATTRIBUTES = {"*": ("class", "id", "title"), "a": ("href", "name"),
              "img": ("src", "alt", "width", "height"), "td": ("colspan", "rowspan", "align"),
              "th": ("colspan", "rowspan", "align", "scope"), "ol": ("start",),
              "col": ("span",)}
LINKS = ("http://", "https://", "mailto:", "#")


def _allowed(tag: str, name: str, value: str) -> bool:
    if name not in ATTRIBUTES.get(tag, ()) and name not in ATTRIBUTES["*"]:
        return False
    text = value.strip().lower()
    if tag == "img" and name == "src":
        return text.startswith(("http://", "https://", "data:image/")) and not text.startswith(
            "data:image/svg")
    if tag == "a" and name == "href":
        return text.startswith(LINKS) or ":" not in text.split("/", 1)[0]  # relative links
    return True


def clean_html(element: str | bytes) -> str:
    """A student's HTML with only :data:`TAGS` and their safe attributes left."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(text, tags=TAGS, attributes=_allowed,
                        protocols=["http", "https", "mailto", "data"], strip=True,
                        strip_comments=True)
