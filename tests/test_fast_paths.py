"""The batch's fast paths give exactly what the careful, readable paths give.

* YAML read from libyaml's events (values._Fast) equals YAML composed into nodes and built (values._Builder);
* a mapping answer read by bind_answers' quick path equals the general reader's;
* a result scored by the compiled checklist (civcheck.compiled) equals scoring.score + views.view_of,
  and its JSON line equals json.dumps of views.json_of — byte for byte.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import assessment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import cases

from civcheck.compiled import score_view, supported
from civcheck.errors import InputError
from civcheck.formats import values
from civcheck.formats.answers import _answer, _answer_cache, _quick_mapping, bind_answers, checklist_for, read_answers
from civcheck.formats.fast_yaml import Doubt, read
from civcheck.model import Answer, Checklist
from civcheck.render.json_ import compact
from civcheck.scoring import score
from civcheck.views import json_of, view_of

ROOT = Path(__file__).parent.parent


def careful(text: str) -> Any:
    return values._Builder("f", text).build(values.compose(text, "f"))


def shape(value: Any) -> Any:
    """A value with its types spelled out (an IntLiteral keeps its spelling; True is not 1)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return (type(value).__name__, value, getattr(value, "literal", None))


TEXT = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(TEXT, max_size=12),
    st.sampled_from(["pass", "0012", "1:30", "0x1F", "1e3", "3.10", ".5", "yes", "No", "~", "2026-07-10", "=",
                     "2026-02-30", "<<", "-", "达标", "null", "1_000", "+1", "0o17", ".inf"]),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
)  # fmt: skip
documents = st.recursive(
    st.dictionaries(st.text(TEXT, min_size=1, max_size=6), scalars, max_size=5),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(TEXT, min_size=1, max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans())
def test_fast_yaml_reads_what_the_careful_reader_reads(doc: Any, flow: bool) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow)
    try:
        expected: Any = ("ok", shape(careful(text)))
    except InputError as exc:
        expected = ("error", exc.problems[0].key)
    try:
        got = ("ok", shape(read(text)))
    except Doubt:
        return  # the careful reader decides: the same by construction
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1, b: [x, y]}\nfirst: {<<: *b, b: 2}\nsecond: *b\n",
        "- &s pass\n- *s\n- {<<: [{a: 1}, {a: 2, c: 3}], d: 4}\n",
        "stall: &stall {found: 1, note: 北门}\nanswers:\n  A: {<<: *stall, found: 2}\n  B: *stall\n",
        "a: !!str 12\nb: !!int '7'\nc: '0012'\nd: 0012\ne: 1.50\nf: 2026-08-11\ng: ''\nh:\n",
        "k: |\n  两行\n  文字\nl: >-\n  折叠\n  文字\n",
    ],
)
def test_anchors_merges_tags_and_block_text_read_the_same(text: str) -> None:
    assert shape(read(text)) == shape(careful(text))
    first = read(text)
    if isinstance(first, dict) and "second" in first:
        assert first["second"] == first["base"] and first["second"] is not first["base"]  # an alias is a copy


@pytest.mark.parametrize(
    "text",
    ["a: 1\na: 2\n", "a: !!python/object:os.system x\n", "? [a]\n: 1\n", "a: *nope\n", "a: [1\n", "--- 1\n--- 2\n",
     "a: !!int good\n", "a: \x07\n", "<<: 5\n"],
)  # fmt: skip
def test_what_the_fast_reader_doubts_the_careful_one_locates(text: str) -> None:
    with pytest.raises(Doubt):
        read(text)
    with pytest.raises(InputError) as caught:
        values.parse_yaml(text, "f.yaml")
    assert caught.value.problems[0].line >= 1


# --- answers and scoring ------------------------------------------------------------------------


def every_answers_file() -> list[Path]:
    return sorted((ROOT / "examples").rglob("*--*.yaml"))


@pytest.mark.parametrize("path", every_answers_file(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compiled_scoring_equals_the_reference_on_every_example(path: Path) -> None:
    from civcheck.catalog import Catalog

    raw = read_answers(path)
    checklist = checklist_for(raw, Catalog.discover([]))
    a = bind_answers(raw, checklist)
    assert supported(checklist)
    for lang in ("zh", "en"):
        reference = view_of(score(checklist, a), lang)
        view, line = score_view(checklist, a, lang, gaps=True, want_json=True)
        assert view == reference
        assert line == compact(json_of(reference))
        assert score_view(checklist, a, lang, gaps=False, want_json=False)[0] == reference.without_gaps()


@settings(max_examples=300, deadline=None)
@given(cases(), st.sampled_from(["zh", "en"]))
def test_compiled_scoring_equals_the_reference_on_generated_answers(
    case: tuple[Checklist, dict[str, Any], dict[str, Any]], lang: str
) -> None:
    cl, answers, attrs = case
    if not supported(cl):
        return
    a = assessment(answers, attrs)
    reference = view_of(score(cl, a), lang)
    view, line = score_view(cl, a, lang, gaps=True, want_json=True)
    assert view == reference and line == compact(json_of(reference))


MAPPINGS = [
    {"found": 2, "note": "东街2处"}, {"status": "fail", "note": "x", "evidence": "p.jpg"},
    {"status": "pass", "evidence": ["a.jpg", "b.jpg"]}, {"found": 0, "note": ""}, {"status": "na", "note": "无"},
    {"level": "good", "note": "  "}, {"found": "2"}, {"status": "fail", "note": 5}, {"status": "fail", "evidence": [1]},
    {"found": 1, "level": "good"}, {"found": True}, {"status": "fail", "owner": "x"}, {"note": "only a note"},
    {"status": "pass"}, {"found": -1, "note": "x"},
]  # fmt: skip


@pytest.mark.parametrize("value", MAPPINGS, ids=str)
def test_the_quick_mapping_reader_agrees_or_steps_aside(value: dict[str, Any]) -> None:
    from civcheck.catalog import Catalog
    from civcheck.formats.reader import Issue

    checklist = Catalog.discover([]).newest("market-town")
    assert checklist is not None
    items, _ = _answer_cache(checklist)
    for item_id in ("MT-1.1", "MT-1.2", "MT-4.8"):
        if item_id not in items:
            continue
        quick = _quick_mapping(item_id, value, items, {})
        try:
            full: Answer | None = _answer(item_id, value, items, checklist)
        except Issue:
            full = None
        assert quick is None or quick == full, (item_id, value)


def test_a_number_is_written_as_json_writes_it() -> None:
    from civcheck.json_text import number as _num
    from civcheck.json_text import percent as _pct

    for value in ("35", "2.5", "0.10", "100.00", "6.0", "0.05", "87.20"):
        d = Decimal(value)
        number = int(d) if d == d.to_integral_value() else float(d)
        assert _num(d) == compact(number) and _pct(d) == compact(float(d))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from(["zh", "en"]), st.booleans(), st.data())
def test_compiled_scoring_equals_the_reference_with_na_judged(
    case: tuple[Checklist, dict[str, Any], dict[str, Any]], lang: str, strict: bool, data: st.DataObject
) -> None:
    """Approvals judged (some in force, some expired, some missing), with and without --strict-na."""
    from dataclasses import replace

    from civcheck.approvals import Approval, Approvals, judge, states

    cl, answers, attrs = case
    if not supported(cl):
        return
    a = assessment(answers, attrs)
    assert a.date is not None
    na = sorted(k for k, v in a.answers.items() if v.status == "na")
    chosen = data.draw(st.lists(st.sampled_from(na), unique=True)) if na else []
    entries = tuple(
        Approval("s", cl.id, item, "r", "o", a.date, a.date + dt.timedelta(days=data.draw(st.integers(-3, 3))))
        for item in chosen
    )
    judged_as, found = judge(a, cl, Approvals(entries), strict)
    shown = states(found, a)
    reference = view_of(replace(score(cl, judged_as), judged=shown), lang)
    view, line = score_view(cl, judged_as, lang, gaps=True, want_json=True, judged=shown)
    assert view == reference and line == compact(json_of(reference))
    assert {n.item for n in view.not_applicable} <= set(na)  # an na excluded by `when` is simply excluded


@pytest.mark.parametrize("path", every_answers_file(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_ledger_tasks_and_what_compare_sees_come_the_same_from_the_compiled_view(path: Path) -> None:
    from civcheck.catalog import Catalog
    from civcheck.formats.sites import load_sites
    from civcheck.ledger import entries_from_view, entries_of
    from civcheck.roster import apply_roster
    from civcheck.rounds import Seen

    raw = read_answers(path)
    checklist = checklist_for(raw, Catalog.discover([]))
    a = bind_answers(raw, checklist)
    roster = {s.id: s for s in load_sites(ROOT / "examples" / "chengjiao" / "sites.yaml")}
    a = type(a)(**{**a.__dict__, "site": apply_roster(a.site, roster)[0]})
    for lang in ("zh", "en"):
        result = score(checklist, a)
        view, _ = score_view(checklist, a, lang, gaps=True, want_json=False)
        for due_by in (None, dt.date(2026, 8, 15)):
            assert entries_from_view(view, due_by) == entries_of(result, lang, roster, due_by)
        assert Seen.from_view(view) == Seen.of(result, lang)


@settings(max_examples=200, deadline=None)
@given(cases(), st.sampled_from(["zh", "en"]))
def test_ledger_tasks_come_the_same_from_the_compiled_view_on_generated_answers(
    case: tuple[Checklist, dict[str, Any], dict[str, Any]], lang: str
) -> None:
    from civcheck.ledger import entries_from_view, entries_of

    cl, answers, attrs = case
    if not supported(cl):
        return
    a = assessment(answers, attrs)
    view, _ = score_view(cl, a, lang, gaps=True, want_json=False)
    assert entries_from_view(view) == entries_of(score(cl, a), lang)
