"""Time a peer adapter on a text sample; run by bench/throughput.py in the peers venv.

    bench/.peers-venv/bin/python bench/peer_timer.py ADAPTER.py SAMPLE.jsonl LANGS

SAMPLE.jsonl has one {"lang": ..., "text": ...} per line. For each language of LANGS
(comma list), the adapter's ``extract(text, lang)`` is warmed up on that language's first
text, then timed over all its texts. Prints one JSON object:
{lang: {"chars": n, "bytes": n, "seconds": s, "items": n}}. Uses only the standard
library, so it runs in the peers venv without evidencekit.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Extract = Callable[[str, str], list[Any]]


def load_extract(path: str) -> Extract:
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    if spec is None or spec.loader is None:
        message = f"cannot load the adapter {path}"
        raise SystemExit(message)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    extract: Extract = module.extract
    return extract


def time_language(extract: Extract, texts: list[str], lang: str) -> dict[str, float]:
    extract(texts[0], lang)  # warm-up: models, regex caches
    items, start = 0, time.perf_counter()
    for text in texts:
        items += len(extract(text, lang))
    seconds = time.perf_counter() - start
    return {
        "chars": sum(len(t) for t in texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "seconds": seconds,
        "items": items,
    }


def main(argv: list[str]) -> int:
    adapter, sample, langs = argv
    extract = load_extract(adapter)
    texts: dict[str, list[str]] = {}
    with open(sample, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts.setdefault(record["lang"], []).append(record["text"])
    out = {lang: time_language(extract, texts[lang], lang) for lang in langs.split(",") if texts.get(lang)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
