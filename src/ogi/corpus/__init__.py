"""The corpus: many published reports ingested, identified, stored once, compared and exported.

``ogi.corpus.open(url)`` is the researcher's entry point (see ogi.corpus.api)."""

from __future__ import annotations

from typing import Any

__all__ = ["Corpus", "open"]


def __getattr__(name: str) -> Any:  # PEP 562: `import ogi.corpus` stays light until the corpus is used
    if name in __all__:
        from ogi.corpus import api

        return getattr(api, name)
    raise AttributeError(name)
