"""Do the four translations of a request find the same partners on the demo hub?

Reads the four-language requests of `benchmarks/data/requests-4lang.json` (written for
the tagging benchmark; each text in English, French, Spanish and Arabic), files each
translation as intake would (untagged, its language declared, no place, which that file
does not give) against the demo hub, from its requester: the hub's stakeholder of the
requester's kind and home country, or one registered for the run with nothing but its
kind and country (declaring no languages). It reports per language the mean
overlap of its top-10 with the English top-10, the requests with tied scores in their
top-10 and any stop word among the matched terms, and per signal how much the overlap
would gain if that signal alone were as for the English text (`tools.translations`,
`swap_gains`: why the lists differ), the overlap when no translation declares its
language (only the requester's languages count) and when no request names its
requester (only the text's language counts). Results go to
`benchmarks/results/translations.json`.

    python -m benchmarks.translations
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub.demo import load_demo
from hub.domain.records import Stakeholder, StakeholderKind
from hub.store import Store, repository
from matching.stopwords import is_stop_phrase
from tools.translations import Translated, compare_translations, swap_gains

__all__ = ["main"]

DATA = Path(__file__).parent / "data" / "requests-4lang.json"
RESULTS = Path(__file__).parent / "results"
_TITLE_CHARS = 80
_KINDS = {
    "Member State": StakeholderKind.MEMBER_STATE,
    "local authority": StakeholderKind.LOCAL_AUTHORITY,
    "regional body": StakeholderKind.REGIONAL_BODY,
}


def _title(text: str) -> str:
    """The first sentence, cut at a space: requests need a title."""
    first = text.split(". ", 1)[0]
    return first if len(first) <= _TITLE_CHARS else first[: first.rfind(" ", 0, _TITLE_CHARS)]


def requests(kind: str = "request") -> list[Translated]:
    """The items of `kind`, none naming its requester yet (`with_requesters`)."""
    items = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    return [
        Translated(item["id"], None, (), {lang: (_title(t), t) for lang, t in item["text"].items()})
        for item in items
        if item["kind"] == kind
    ]


def with_requesters(store: Store, asked: list[Translated]) -> list[Translated]:
    """Each request from the stakeholder of its requester's kind and home country,
    registered (kind and country alone) where the hub has none."""
    items = {i["id"]: i for i in json.loads(DATA.read_text(encoding="utf-8"))["items"]}
    known = {(s.kind, s.home_country): s.id for s in repository.list_records(store, Stakeholder)}
    added: dict[str, Stakeholder] = {}
    found = []
    for request in asked:
        item = items[request.id]
        kind, country = _KINDS[item["requester"]], item["requester_country"]
        if (kind, country) not in known:
            new = Stakeholder(
                id=f"{kind.value}-{country}".lower().replace("_", "-"),
                name=f"{item['requester']} ({country})",
                kind=kind,
                home_country=country,
            )
            added[new.id] = new
            known[kind, country] = new.id
        found.append(replace(request, requester=known[kind, country]))
    with store.batch() as writer:
        repository.save_many(store, writer, added.values())
    return found


def main() -> None:
    anonymous = requests()
    with tempfile.TemporaryDirectory(prefix="gcm-hub-translations-") as folder:
        store = SqliteGraphStore(Path(folder) / "demo.db")
        load_demo(store)
        asked = with_requesters(store, anonymous)
        started = time.perf_counter()
        report = compare_translations(store, asked, n=10)
        seconds = time.perf_counter() - started
        gains = swap_gains(store, asked, n=10)
        undeclared = compare_translations(store, asked, n=10, declared=False)
        unnamed = compare_translations(store, anonymous, n=10)
        store.close()
    results = {
        "requests": len(asked),
        "seconds": round(seconds, 1),
        **report.summary(),
        "stop_words_shown": {
            lang: sorted({t for t in terms if is_stop_phrase(t)})
            for lang, terms in report.terms.items()
        },
        "gain_if_signal_as_in_english": gains,
        # The same requests, none declaring its language: only the requester's count.
        "mean_overlap_with_english_no_language_declared": undeclared.summary()[
            "mean_overlap_with_english"
        ],
        "tied_no_language_declared": undeclared.tied,
        # The same requests from no one: only each text's own language counts.
        "mean_overlap_with_english_no_requester": unnamed.summary()["mean_overlap_with_english"],
        "tied_no_requester": unnamed.tied,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "translations.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results["mean_overlap_with_english"]), "tied:", report.tied or "none")


if __name__ == "__main__":
    main()
