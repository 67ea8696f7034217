"""Charts inlined into pages safely: an SVG rebuilt from a parsed tree.

:func:`inline_svg` keeps only what draws (paths, text, groups, clip paths): no script, no
event handler, no foreign object, no image and no link out of the chart; ids are prefixed so
that several charts live on one page, and titles become tooltips.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# SVG elements that run code, embed other documents or images, or rewrite attributes: never
# inlined (charts draw with paths and text only).
UNSAFE_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener", "image"}
    | {"animate", "animateMotion", "animateTransform", "set", "discard"}
)
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")


# --- charts ------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _safe_attribute(name: str, value: str) -> bool:
    local = _local(name).lower()
    if local.startswith("on"):
        return False
    if local == "href":
        return value.strip().startswith("#")
    lowered = value.lower()
    return "javascript:" not in lowered and not ("url(" in lowered and "url(#" not in lowered)


def _sanitise(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) in UNSAFE_ELEMENTS:
            element.remove(child)
        else:
            _sanitise(child)
    for name, value in list(element.attrib.items()):
        if not _safe_attribute(name, value):
            del element.attrib[name]


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Give every id a prefix (and its references), so charts on one page never share ids."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    if not ids:
        return
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == "id":
                element.set(name, f"{prefix}-{value}")
            elif _local(name) == "href" and value[1:] in ids:
                element.set(name, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}-{m[1]})", value))


def _add_tooltips(root: ET.Element) -> None:
    """Give each mark a ``<title>`` (a hover tooltip without script) from its aria-label.

    Vega writes each mark's tooltip fields (quote, document, location) into the mark's
    aria-label; a browser shows an SVG ``<title>`` on hover.
    """
    for element in root.iter():
        label = element.get("aria-label")
        if label and _local(element.tag) != "g" and element.find(f"{{{SVG_NS}}}title") is None:
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = label
            element.insert(0, title)


def _scale(root: ET.Element, scale: float) -> None:
    width, height = root.get("width"), root.get("height")
    if scale == 1 or not width or not height:
        return
    try:
        size = float(width), float(height)
    except ValueError:
        return
    if root.get("viewBox") is None:
        root.set("viewBox", f"0 0 {width} {height}")
    root.set("width", f"{size[0] * scale:g}")
    root.set("height", f"{size[1] * scale:g}")


def inline_svg(svg: str, prefix: str, label: str = "chart", scale: float = 1.0) -> str:
    """Return ``svg`` rebuilt for inlining into an HTML page, or "" when it does not parse.

    The SVG is parsed and serialised again, so its text and attributes are escaped; what
    could run code or fetch something (scripts, event handlers, foreign objects,
    animations, links other than ``#fragment``) is dropped; ids get ``prefix``; each mark
    gets a ``<title>`` tooltip; the chart is drawn ``scale`` times its size (its
    ``viewBox`` kept) and scales down to the width of the page.

    Examples
    --------
    >>> svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
    >>> svg += '<text aria-label="&lt;img src=x onerror=alert(3)&gt;">&lt;b&gt;</text></svg>'
    >>> print(inline_svg(svg, "c1"))  # doctest: +NORMALIZE_WHITESPACE
    <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="chart" class="chart">\
<text aria-label="&lt;img src=x onerror=alert(3)&gt;"><title>&lt;img src=x onerror=alert(3)&gt;</title>\
&lt;b&gt;</text></svg>
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return ""
    if _local(root.tag) != "svg":
        return ""
    _sanitise(root)
    _prefix_ids(root, prefix)
    _add_tooltips(root)
    _scale(root, scale)
    # The text of a <text> element sits before its first child in ElementTree: move the
    # tooltip after the text so the element still starts with what it draws.
    for element in root.iter():
        if len(element) and element[0].tag == f"{{{SVG_NS}}}title" and element.text:
            title = element[0]
            title.tail, element.text = element.text, None
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    return ET.tostring(root, encoding="unicode")
