"""JSON output: the ``civcheck.score/1`` document of format.md §4."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from civcheck.bulletin import Bulletin
from civcheck.ledger import LEDGER_FORMAT, Ledger
from civcheck.render import Context
from civcheck.render.ledger_rows import LedgerPage, View, entry_json, handout_groups, selected
from civcheck.rounds import Comparison
from civcheck.scoring import Result
from civcheck.views import SCORE_FORMAT, ResultView, json_of, problem_json, score_document, view_of


def dumps(document: Any) -> str:
    """Indented, UTF-8 text (Chinese stays readable), newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def compact(value: Any) -> str:
    """One JSON value on one line (json's C encoder: fast enough for batches)."""
    return json.dumps(value, ensure_ascii=False)


class Stream:
    """The ``civcheck.score/1`` document, written while the files are scored.

    One result per line as each file is scored (memory stays flat however
    many files), then the ranking, roll-ups, missing assessments and errors.
    """

    def __init__(self) -> None:
        self.count = 0

    def begin(self) -> str:
        return f'{{"format": {compact(SCORE_FORMAT)},\n "results": ['

    def item(self, line: bytes) -> bytes:
        """One result's line (UTF-8, as a worker wrote it), with what separates it from the one before."""
        self.count += 1
        return (b"\n  " if self.count == 1 else b",\n  ") + line

    def end(self, bulletin: Bulletin, lang: str) -> str:
        close = "\n ]" if self.count else "]"
        ranking = [_ranked(bulletin, n, r) for n, r in bulletin.ranked]
        groups = {
            by: [
                {"key": g.key, "sites": g.sites, "mean": _num(g.mean), "min": _num(g.min),
                 "pass_rate": _num(g.pass_rate), "vetoes": g.vetoes}
                for g in groups
            ]
            for by, groups in bulletin.groups.items()
        }  # fmt: skip
        missing = [{"site": site, "checklist": checklist} for site, checklist in bulletin.missing]
        errors = [problem_json(p, lang) for p in bulletin.problems]
        warnings = [problem_json(p, lang) for p in bulletin.warnings]
        pub = bulletin.publication
        publication = {"issuer": pub.issuer or None, "title": pub.title or None, "doc_no": pub.doc_no or None,
                       "date": pub.date.isoformat() if pub.date else None}  # fmt: skip
        extra = ""
        if bulletin.red_black:
            lists = [{"round": rb.round, "red": [_member(n, r) for n, r in rb.red],
                      "black": [_member(n, r) for n, r in rb.black], "unfinished": rb.unfinished}
                     for rb in bulletin.red_black]  # fmt: skip
            extra = f' "red_black": {_block(lists)},\n'
        return (
            f"{close},\n"
            f' "publication": {compact(publication)},\n'
            f' "previous_round": {compact(bulletin.previous_round)},\n'
            f' "ranking": {_block(ranking)},\n'
            f"{extra}"
            f' "groups": {compact(groups)},\n'
            f' "missing": {_block(missing)},\n'
            f' "errors": {_block(errors)},\n'
            f' "warnings": {_block(warnings)}}}\n'
        )


def _ranked(b: Bulletin, n: int, r: ResultView) -> dict[str, Any]:
    """One ranking entry; with the round before's score and the change when a round before is compared."""
    entry: dict[str, Any] = {"rank": n, "file": r.file, "site": r.site, "checklist": r.checklist, "round": r.round,
                             "score": _num(r.rounded), "vetoed": r.vetoed, "complete": r.complete}  # fmt: skip
    change = b.change(r)
    if change is not None:
        before = change.previous
        entry["previous_score"] = _num(before.rounded) if before else None
        entry["previous_vetoed"] = before.vetoed if before else None
        entry["change"] = _num(change.delta)
        entry["new"] = before is None
    return entry


def _member(n: int, r: ResultView) -> dict[str, Any]:
    return {"rank": n, "site": r.site, "checklist": r.checklist, "score": _num(r.rounded), "vetoed": r.vetoed}


class Lines(Stream):
    """JSON Lines (``--format jsonl``): one result object per line and nothing else, for analytics engines.

    Files from many offices can be concatenated and loaded as one table
    (``read_json_auto`` in DuckDB, see docs/performance.md); ranking, roll-ups
    and errors are the engine's to compute, or on stderr.
    """

    def begin(self) -> str:
        return ""

    def item(self, line: bytes) -> bytes:
        self.count += 1
        return line + b"\n"

    def end(self, bulletin: Bulletin, lang: str) -> str:
        return ""


def stream_for(name: str) -> Stream:
    """The streamed document a ``--format`` writes: the civcheck.score/1 document, or JSON Lines."""
    return Lines() if name == "jsonl" else Stream()


def lines(b: Bulletin, ctx: Context) -> str:
    """The JSON Lines of every result at once (``civcheck score`` streams them instead)."""
    return "".join(json.dumps(json_of(v), ensure_ascii=False) + "\n" for v in b.rows)


def bulletin(b: Bulletin, ctx: Context) -> str:
    """The whole document at once (``civcheck score`` streams it instead, result by result, with :class:`Stream`)."""
    stream = Stream()
    items = b"".join(stream.item(compact(json_of(v)).encode()) for v in b.rows).decode()
    return stream.begin() + items + stream.end(b, ctx.lang)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _block(values: Iterable[dict[str, Any]]) -> str:
    lines = ",\n".join("  " + compact(v) for v in values)
    return f"[\n{lines}\n ]" if lines else "[]"


def report(result: Result, ctx: Context) -> str:
    return dumps(score_document([view_of(result, ctx.lang)], [], ctx.lang))


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> Iterator[str]:
    """The ``civcheck.ledger/1`` document, one task per line, written as it is made (a county's ledger is never
    whole in memory; the C encoder writes each line)."""
    yield (f'{{"format": "{LEDGER_FORMAT}",\n "today": "{ledger.today.isoformat()}",\n "reopened": {ledger.reopened}'
           ',\n "entries": ')  # fmt: skip
    yield from _lines(entry_json(e, ledger) for e in selected(ledger, view))
    yield ',\n "missing": '
    yield from _lines(
        {"site": m.site, "site_name": m.site_name, "checklist": m.checklist, "item": m.item, "item_text": m.item_text,
         "round": m.round}
        for m in ledger.missing
    )  # fmt: skip
    if view.by:
        yield f',\n "by": "{view.by}",\n "handouts": '
        yield from _lines(
            {"key": h.key, "overdue": h.overdue, "soon": h.soon, "entries": [e.id for e in h.entries]}
            for h in handout_groups(ledger, view)
        )
    yield "}\n"


def _lines(values: Any, batch: int = 256) -> Iterator[str]:
    """A JSON list of objects, one per line, in pieces of *batch* lines."""
    dumps = json.dumps
    first = True
    piece: list[str] = []
    for value in values:
        piece.append(("[\n  " if first else ",\n  ") + dumps(value, ensure_ascii=False))
        first = False
        if len(piece) >= batch:
            yield "".join(piece)
            piece = []
    yield "".join(piece) + ("[]" if first else "\n ]")


def compare(rows: Sequence[Comparison], ctx: Context) -> str:
    sites = [
        {"site": c.site, "site_name": c.site_name, "checklist": c.checklist,
         "old_score": None if c.old_score is None else float(c.old_score),
         "new_score": None if c.new_score is None else float(c.new_score),
         "change": None if c.change is None else float(c.change), "in_both": c.in_both,
         "closed": list(c.closed), "persisting": list(c.persisting), "new": list(c.new),
         "texts": dict(c.texts)}
        for c in rows
    ]  # fmt: skip
    return json.dumps({"format": "civcheck.compare/1", "sites": sites}, ensure_ascii=False, indent=1) + "\n"


def ledger(page: LedgerPage, ctx: Context) -> Iterator[str]:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
