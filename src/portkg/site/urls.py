"""Page URLs derived from IRIs, in one place, so links stay stable.

``https://w3id.org/portkg/case/sd-2024-06`` → ``case/sd-2024-06.html``; every entity the graph
names under the portkg base gets the page at its IRI path. Paths are relative to the site's top.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from ..build import BASE


@lru_cache(maxsize=None)
def page_path(iri: str) -> str:
    """The site-relative path of the page for ``iri`` (an IRI under the portkg base)."""
    s = str(iri)
    if not s.startswith(BASE):
        raise ValueError(f"no page for an IRI outside {BASE}: {s}")
    rest = s[len(BASE):].strip("/")
    return quote(rest, safe="/-_.~") + ".html"


def root_of(path: str) -> str:
    """The relative prefix from the page at ``path`` back to the site's top."""
    return "../" * path.count("/")
