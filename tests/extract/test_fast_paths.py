"""Fast paths of the extractor give exactly what the general code gives (checked on many random inputs)."""

from __future__ import annotations

import random

from ogi.extract.metadata import _without_spaces
from ogi.extract.normalize import squash_spaces


def test_period_text_without_spaces_as_squash_spaces_gives_it() -> None:
    rng = random.Random(11)
    alphabet = ["年", "统", "a", "1", "２", " ", " ", "\t", "\n", "，", "\u3000", "\xa0", "\u2003"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _without_spaces(text) == squash_spaces(text).replace(" ", ""), repr(text)
