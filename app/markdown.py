"""Staff-written Markdown (minutes, the interim report's narrative), rendered to HTML that can carry
no script, handler or hx-* attribute."""

from markupsafe import Markup

#: what minutes need: paragraphs, lists, emphasis, small headings, quotes, code, links, tables
ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "a",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists"]


def render(text: str) -> Markup:
    """Markdown → HTML → only the allow-listed tags, `href` on links, safe URL schemes."""
    # imported on the first text rendered, not at every worker's start
    import markdown as markdown_lib
    import nh3

    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above
