"""Living documentation: HTML and Markdown pages from pact files, feature files and verification results.

``generate_docs("pacts", "site", features="features", contracts="contracts", results=["verify.json"])``
writes a static site (``index.html``, one page per pact, the same as Markdown) and returns the path of
``index.html``. The steps are public too: :func:`build_site` makes the frozen
:class:`~pactspec.docs._model.Site` model, :func:`render_site` writes it with the packaged or
the user's templates. :func:`generate_docs_from_broker` reads the pacts, their verification results
and can-i-deploy per environment from a Pact Broker instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pactspec.docs._asyncapi import asyncapi_index
from pactspec.docs._broker import broker_site, generate_docs_from_broker
from pactspec.docs._build import build_site
from pactspec.docs._contracts import load_contract_sources
from pactspec.docs._describe import describe_generator, describe_rule, describe_rules
from pactspec.docs._features import FeatureIndex, load_features
from pactspec.docs._model import Site
from pactspec.docs._render import render_pages, render_site
from pactspec.docs._results import ResultIndex, load_results
from pactspec.pactfile import load_pacts

__all__ = [
    "FeatureIndex",
    "ResultIndex",
    "Site",
    "asyncapi_index",
    "broker_site",
    "build_site",
    "describe_generator",
    "describe_rule",
    "describe_rules",
    "generate_docs",
    "generate_docs_from_broker",
    "load_contract_sources",
    "load_features",
    "load_results",
    "render_pages",
    "render_site",
]


def generate_docs(
    pacts: str | Path | Sequence[str | Path],
    out: str | Path,
    *,
    features: str | Path | Sequence[str | Path] | None = None,
    contracts: str | Path | Sequence[str | Path] | None = None,
    results: Sequence[str | Path] = (),
    templates: str | Path | None = None,
    title: str = "Message contracts",
    allow_empty: bool = False,
    asyncapi: str | Path | None = None,
) -> Path:
    """Read pacts (files, folders, URLs), features, YAML contracts and results; write the site; return
    ``index.html``. ``features`` and ``contracts`` are one or several files or folders.

    With ``asyncapi`` (a provider's AsyncAPI document; needs the ``asyncapi`` extra) an interaction that
    names an operation shows the operation, its channel, its payload schema and the offline check's result.
    Finding no pact file is an :class:`~pactspec.errors.InputError` unless ``allow_empty`` (the
    site then says no pact files were found).
    """
    sources = [pacts] if isinstance(pacts, (str, Path)) else list(pacts)
    loaded = load_pacts(sources, allow_empty=allow_empty)
    index = FeatureIndex()
    if features is not None:
        index.extend(load_features(features))
    if contracts is not None:
        index.extend(load_contract_sources([contracts] if isinstance(contracts, (str, Path)) else contracts))
    site = build_site(
        loaded,
        features=index,
        results=load_results(results),
        title=title,
        asyncapi=asyncapi_index(asyncapi, loaded) if asyncapi is not None else None,
    )
    return render_site(site, out, templates=templates)

