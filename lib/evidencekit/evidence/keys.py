"""Stable claim keys: an id for each claim derived from what it says, never from a counter.

A claim's key hashes its document id, kind, surface and the sentence that states it (spaces
squeezed), so it stays the same when text is edited above the claim (offsets move, the key
does not) and from one build to the next. The same figure stated twice in the same words in
one document gets ``-2``, ``-3``... in reading order. Keys name the claim in the source view
(``#c-...`` links), in exported tables and in review decisions.
"""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def claim_key(doc_id: str, kind: str, surface: str, sentence: str) -> str:
    """The key of a claim (without the repeat suffix).

    >>> one = claim_key("d", "power", "50 GW", "China added  50 GW.")
    >>> one == claim_key("d", "power", "50 GW", "China added 50 GW.")
    True
    >>> claim_key("d", "power", "50 GW", "China added 50 GW.")
    'c-b233aafaf7'
    """
    text = "\x1f".join((doc_id, kind, surface, _SPACE.sub(" ", sentence).strip()))
    return "c-" + hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()


class KeyCounter:
    """Keys of one document's claims in reading order, repeats numbered ``-2``, ``-3``..."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, doc_id: str, kind: str, surface: str, sentence: str) -> str:
        key = claim_key(doc_id, kind, surface, sentence)
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        return key if count == 1 else f"{key}-{count}"
