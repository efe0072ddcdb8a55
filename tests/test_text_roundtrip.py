"""Every file civcheck writes reads back as written, whatever text it holds (Hypothesis).

civcheck carries any Unicode text except lone surrogates and control
characters other than tab, line feed and carriage return (civcheck/text.py).
Text it carries goes through every writer — the answers file ``assess``
saves, the ledger in json, csv and xlsx, the bulletin in json, csv and xlsx —
and comes back unchanged; text it does not carry never gets in: each reader
refuses it with a located message instead of a crash.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builders import view
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from civcheck.bulletin import Bulletin
from civcheck.catalog import Catalog
from civcheck.errors import InputError
from civcheck.formats.answers import answers_document, load_assessment, site_data
from civcheck.formats.ledger import load_ledger
from civcheck.formats.values import parse_json, parse_yaml
from civcheck.ledger import Entry, Ledger
from civcheck.model import Answer, Site
from civcheck.render import Context, renderers, xlsx
from civcheck.render import csv_ as csv_out
from civcheck.render.ledger_rows import LedgerPage
from civcheck.text import first_bad
from civcheck.views import ResultView

MINI = Path(__file__).parent / "data" / "checklists"
ORDER = ["M-1.1", "M-1.2", "M-2.1", "M-2.2", "M-2.3"]

# Any code point, surrogates and controls included; astral CJK (U+20000…) weighted in.
anything = st.text(st.characters(codec=None, categories=None), max_size=40) | st.text(
    st.sampled_from("城郊\U00020000\U0002a6d6𠀀=+-@'\"\\|#\t\n\r \x1b\x0b\x00\ud800\udfff\ufffe\uffff\u202e<>&"),
    max_size=20,
)
carried = anything.filter(lambda s: first_bad(s) is None and s.strip() != "")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(note=carried, name=carried, assessor=carried)
def test_an_answers_file_reads_back_as_written(tmp_path: Path, note: str, name: str, assessor: str) -> None:
    path = tmp_path / "a.yaml"
    answers = {"M-1.2": Answer("M-1.2", status="fail", note=note, evidence=(note,))}
    header = {"checklist": "mini", "checklist_version": "1", "site": site_data(Site("s1", name=name)),
              "assessor": assessor}  # fmt: skip
    path.write_text(answers_document(header, answers, ORDER), encoding="utf-8")
    _, assessment = load_assessment(path, Catalog.discover([MINI], env=""))
    assert assessment.answers["M-1.2"].note == note
    assert assessment.answers["M-1.2"].evidence == (note,)
    assert (assessment.site.name, assessment.assessor) == (name, assessor)


@SETTINGS
@given(text=anything)
def test_text_civcheck_does_not_carry_is_refused_where_it_stands(text: str) -> None:
    assume(first_bad(text) is not None)
    yaml_text = 'format: civcheck.answers/1\nnote: "' + text.encode("unicode_escape").decode("ascii").replace(
        '"', '\\"'
    ) + '"\n'  # fmt: skip
    with pytest.raises(InputError) as caught:
        parse_yaml(yaml_text, "a.yaml")
    assert caught.value.problems[0].line == 2
    if first_bad(json.loads(json.dumps(text))) is None:
        return  # a high and a low surrogate escaped in turn are one character in JSON (\ud800\udc00 is U+10000)
    with pytest.raises(InputError) as caught:
        parse_json('{"a": 1,\n "note": ' + json.dumps(text) + "}", "a.json")
    assert caught.value.problems[0].line == 2


def entry(text: str) -> Entry:
    return Entry(
        id="s1/mini/M-1.2", site="s1", site_name=text, township="城郊", grid=text, checklist="mini", item="M-1.2",
        item_text="交通标志完好", problem=text, lost=Decimal(5), owner=text, person=text, remedy=text,
        found_on=dt.date(2026, 7, 10), due=dt.date(2026, 7, 17), status="rectifying", round="2026-07",
        rounds=("2026-07",), extra=(("备注", text),),
    )  # fmt: skip


@SETTINGS
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
@given(text=carried)
def test_a_ledger_reads_back_as_written(tmp_path: Path, fmt: str, text: str) -> None:
    ledger = Ledger([entry(text)], [], dt.date(2026, 7, 20))
    path = tmp_path / f"ledger.{fmt}"
    rendered = renderers("ledger")[fmt](LedgerPage(ledger), Context(lang="zh"))
    path.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
    (back,) = load_ledger(path).entries
    assert (back.problem, back.owner, back.person, back.remedy, back.extra) == (
        text,
        text,
        text,
        text,
        (("备注", text),),
    )


def row(text: str) -> ResultView:
    return view(
        site="s1",
        site_name=text,
        township=text,
        grid=text,
        checklist="mini",
        round="2026-07",
        worst="M-1.2",
        worst_text=text,
    )


@SETTINGS
@given(text=carried)
def test_a_bulletin_reads_back_as_written(text: str) -> None:
    bulletin = Bulletin([row(text)])
    ctx = Context(lang="en")
    cells = next(csv.reader(io.StringIO(csv_out.bulletin(bulletin, ctx).lstrip("\ufeff").split("\r\n", 1)[1])))
    assert csv_out.unsafe_cell(cells[1]) == text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(xlsx.bulletin(bulletin, ctx))))
    rows: list[Any] = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(n for n, r in enumerate(rows) if r[0] == "Rank")  # below the title lines
    assert rows[header + 1][1] == text
