"""Render a :class:`~pactspec.docs._model.Site` as static HTML pages and as Markdown.

Both environments use ``StrictUndefined`` so a template mistake fails loudly. HTML is autoescaped
by jinja2. Markdown has no autoescaping of its own, so every ``{{ … }}`` there goes through a
Markdown escaper (``finalize``) unless a filter already produced safe Markdown (``code``,
``code_block``, ``cell``…). Users override any template by putting one of the same name in the
folder given to ``--templates``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pactspec.docs._build import pair_status
from pactspec.docs._model import Site
from pactspec.errors import ConfigurationError, InputError

__all__ = ["MarkdownSafe", "html_environment", "markdown_environment", "md_escape", "render_pages", "render_site"]

_MANIFEST = ".pactspec-docs"
_STATUS_LABELS = {
    "passed": "verified",
    "failed": "failing",
    "error": "error",
    "pending": "pending",
    "partial": "partly verified",
    "unverified": "not verified",
}


class MarkdownSafe(str):
    """Text that is already valid Markdown and goes out unescaped."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()|~!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)](?:\s|$)))", re.MULTILINE)


def md_escape(value: Any) -> str:
    """Plain text for Markdown: no emphasis, link, HTML or table syntax can come out of it."""
    if isinstance(value, MarkdownSafe):
        return value
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # only where a line starts: "#", "-", "+", "=" and the "." / ")" of "1." would start a block
    text = _MD_LINE_START.sub(_escape_line_start, text)
    return " ".join(text.split("\n")) if "\n" in text else text


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():  # "1." → "1\." : the escape goes before the punctuation
        return f"{lead}{mark}\\"
    return f"{lead}\\{mark}"


def _md_finalize(value: Any) -> Any:
    return value if isinstance(value, MarkdownSafe) else md_escape(value)


def _md_code(value: Any) -> MarkdownSafe:
    """Inline code that holds any text, also inside a table cell (``|`` escaped, one line)."""
    text = " ".join(str(value).splitlines()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return MarkdownSafe(f"{fence}{pad}{text}{pad}{fence}")


def _md_code_block(value: Any, language: str = "") -> MarkdownSafe:
    """A fenced block longer than any run of backticks inside, so the content cannot close it."""
    text = str(value)
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = re.sub(r"[^a-z0-9+-]", "", language.lower())
    return MarkdownSafe(f"{fence}{lang}\n{text}\n{fence}")


def _md_cell(value: Any) -> MarkdownSafe:
    """Plain text for a table cell: escaped, one line."""
    return MarkdownSafe(md_escape(" ".join(str(value).splitlines())) or " ")


def _md_link(text: Any, target: str) -> MarkdownSafe:
    """A link to one of our own pages (the target is built from slugs, never from contract data)."""
    if not re.fullmatch(r"[A-Za-z0-9._#-]+", target):
        raise ValueError(f"refusing to link to {target!r}: only our own page names are linked")
    return MarkdownSafe(f"[{md_escape(text)}]({target})")


def _md_anchor(value: str) -> MarkdownSafe:
    """An HTML anchor for a Markdown page; anchors are built from slugs, so only safe characters pass."""
    if not re.fullmatch(r"[A-Za-z0-9._-]+", value):
        raise ValueError(f"refusing the anchor {value!r}: only slug characters are allowed")
    return MarkdownSafe(f'<a id="{value}"></a>')


def _status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status)


def _thousands(number: int) -> str:
    return f"{number:,}"


_COMMON_FILTERS: dict[str, Callable[..., Any]] = {"status_label": _status_label, "thousands": _thousands}
_COMMON_GLOBALS: dict[str, Any] = {"pair_status": pair_status}


def _loader(templates: str | Path | None) -> jinja2.BaseLoader:
    package = jinja2.PackageLoader("pactspec", "templates")
    if templates is None:
        return package
    folder = Path(templates)
    if not folder.is_dir():
        raise ConfigurationError(f"{templates}: no such templates folder; give --templates a folder of templates")
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)), package])


def _environment(templates: str | Path | None, **options: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loader(templates),
        undefined=jinja2.StrictUndefined,  # a template mistake fails loudly instead of rendering nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.filters.update(_COMMON_FILTERS)
    env.globals.update(_COMMON_GLOBALS)
    return env


def html_environment(templates: str | Path | None = None) -> jinja2.Environment:
    """The HTML environment: autoescaped, strict, user templates first."""
    return _environment(templates, autoescape=True)


def markdown_environment(templates: str | Path | None = None) -> jinja2.Environment:
    """The Markdown environment: every output escaped for Markdown unless a filter made it safe."""
    env = _environment(templates, autoescape=False, finalize=_md_finalize)
    env.filters.update({"code": _md_code, "code_block": _md_code_block, "cell": _md_cell, "link": _md_link,
                        "anchor": _md_anchor})
    return env


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise ConfigurationError(f"template {exc.name!r} not found in --templates or pactspec's own") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigurationError(
            f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise ConfigurationError(f"template {name!r} uses something the docs model does not have: {exc}") from exc


def render_pages(site: Site, *, templates: str | Path | None = None) -> dict[str, str]:
    """Every page of the site by file name: ``index.html``, ``<slug>.html``, ``index.md``, ``<slug>.md``,
    and ``example-<hash>.txt`` for each example body too large to show in full."""
    html = html_environment(templates)
    style = _render(html, "style.css", {})
    script = _render(html, "search.js", {})
    assets = {
        "style": Markup(style),
        "script": Markup(script),
        "csp": Markup(
            "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
            f"style-src '{_csp_hash(style)}'; script-src '{_csp_hash(script)}'"
        ),
    }
    pages = {"index.html": _render(html, "index.html", {"site": site, **assets})}
    for pact in site.pacts:
        pages[f"{pact.slug}.html"] = _render(html, "pact.html", {"site": site, "pact": pact, **assets})
    md = markdown_environment(templates)
    pages["index.md"] = _render(md, "index.md", {"site": site})
    for pact in site.pacts:
        pages[f"{pact.slug}.md"] = _render(md, "pact.md", {"site": site, "pact": pact})
    for pact in site.pacts:  # examples too large to show in full, each in a file of its own
        for interaction in pact.interactions:
            for part in interaction.parts:
                if part.body.full_name is not None and part.body.full_text is not None:
                    pages[part.body.full_name] = part.body.full_text
    return pages


def render_site(site: Site, out: str | Path, *, templates: str | Path | None = None) -> Path:
    """Write the site into ``out`` (created if needed) and return the path of ``index.html``.

    Pages a previous run wrote and this one does not (a pact that was removed) are deleted; no
    other file in ``out`` is touched.
    """
    folder = Path(out)
    pages = render_pages(site, templates=templates)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = folder / _MANIFEST
        previous = manifest.read_text(encoding="utf-8").split() if manifest.is_file() else []
        for name, text in pages.items():
            _write(folder / name, text)
        for name in previous:
            if name not in pages and re.fullmatch(r"[a-z0-9._-]+\.(html|md)|example-[0-9a-f]{16}\.txt", name):
                (folder / name).unlink(missing_ok=True)
        _write(manifest, "\n".join(sorted(pages)) + "\n")
    except OSError as exc:
        raise InputError(f"{out}: cannot write the documentation there ({exc.strerror or exc})") from exc
    return folder / "index.html"


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

