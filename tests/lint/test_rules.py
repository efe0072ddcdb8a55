"""Each lint rule: a snippet it must flag at an exact line and column, and one it must pass.

Snippets follow lintcase.HEAD (lines 1-4: format, id, version, title), so
their own first line is line 5.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lintcase import HEAD, check, clean, lint

from civcheck.lint import rules


def doc(body: str) -> str:
    return HEAD + textwrap.dedent(body)


GOOD = doc(
    """\
    sections:
      - id: s
        title: {zh: 分组, en: Section}
        items:
          - id: A-1
            text: {zh: 道路无坑洼, en: No potholes}
            points: 5
    """
)


def test_the_good_snippet_is_clean() -> None:
    clean(GOOD)


# -- syntax ------------------------------------------------------------------


def test_syntax_error_is_the_only_problem_reported() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            items:
            - id: A-1
              text: 道路无坑洼
             points: 5
        """
    )
    problems = lint(bad)
    assert [(p.line, p.column, p.rule, p.level) for p in problems] == [(10, 6, "syntax", "error")]
    assert "YAML syntax error" in problems[0].message("en")
    check(GOOD, "syntax")


def test_syntax_covers_tags_and_empty_files() -> None:
    check(doc("sections: !!python/object:os.system [ls]\n"), "syntax", (5, 11))
    check("# only a comment\n", "syntax", (1, 1))
    check(HEAD + "sections: [{id: s, items: [{id: A-1, text: x, points: .nan}]}]\n", "syntax", (5, 55))


# -- duplicate-keys ----------------------------------------------------------


def test_duplicate_keys_are_all_reported_at_the_repetition() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                points: 5
                points: 10
        version: "2"
        """
    )
    check(bad, "duplicate-keys", (12, 9), (13, 1))
    (problem,) = [p for p in lint(bad) if p.line == 12]
    assert problem.message("en") == 'duplicate key "points" (first on line 11)'
    check(GOOD, "duplicate-keys")


# -- schema ------------------------------------------------------------------


def test_schema_unknown_missing_and_wrong_types() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                points: 5分
                dealine: 7
                critical: yes please
        """
    )
    check(bad, "schema", (9, 9), (10, 17), (11, 9), (12, 19))
    messages = [p.message("en") for p in lint(bad) if p.rule == "schema"]
    assert messages == [
        'item lacks the required key "text"',
        "points: expected number, got text",
        'unknown key "dealine" (known: critical, deadline_days, evidence, hint, id, kind, levels, method, na, '
        "owner, per, points, remedy, sample, tags, text, when)",
        "critical: expected true/false, got text",
    ]
    check(GOOD, "schema")


def test_schema_missing_format_and_foreign_files() -> None:
    check(GOOD.replace("format: civcheck.checklist/1\n", "# no format\n"), "schema", (2, 1))
    answers = "format: civcheck.answers/1\nchecklist: demo\nsite: {id: s}\nanswers: {A-1: pass}\n"
    assert [(p.line, p.column, p.rule) for p in lint(answers)] == [(1, 9, "schema")]


def test_schema_allows_x_keys_and_localized_texts() -> None:
    clean(
        doc(
            """\
            x-note: 镇里补充
            sections:
              - id: s
                title: {zh: 分组, en: Section, zh-Hant: 分組}
                items:
                  - id: A-1
                    text: {zh: 道路无坑洼, en: No potholes}
                    points: 2.5
                    x-owner-phone: "0000"
                  - id: A-2
                    text: {zh: 交通标志完好, en: Signs intact}
                    points: 2.5
            """
        )
    )
    check(doc("sections: [{id: s, items: [{id: A-1, text: {zh: 文字, en: Text, none damaged: x}, points: 5}]}]\n"),
          "schema", (5, 63))  # fmt: skip


# -- duplicate-ids -----------------------------------------------------------


def test_duplicate_item_and_section_ids() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                points: 5
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 交通标志完好, en: Signs intact}
                points: 5
        """
    )
    check(bad, "duplicate-ids", (12, 9), (15, 13))
    assert [p.message("en") for p in lint(bad) if p.rule == "duplicate-ids"] == [
        'duplicate section id "s" (first used on line 6)',
        'duplicate item id "A-1" (first used on line 9)',
    ]
    check(GOOD, "duplicate-ids")


# -- id-pattern --------------------------------------------------------------


def test_id_patterns() -> None:
    bad = GOOD.replace("id: demo", "id: Demo_List").replace("id: A-1", "id: A 1")
    check(bad, "id-pattern", (2, 5), (9, 13))
    check(GOOD.replace("id: A-1", "id: 0012"), "id-pattern")
    check(GOOD, "id-pattern")


# -- positive-points ---------------------------------------------------------


def test_points_must_be_positive() -> None:
    check(GOOD.replace("points: 5", "points: 0"), "positive-points", (11, 17))
    check(GOOD.replace("points: 5", "points: -2.5"), "positive-points", (11, 17))
    check(GOOD, "positive-points")


# -- deduct-per --------------------------------------------------------------


def test_deduct_items_need_a_positive_per() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                kind: deduct
                points: 10
              - id: A-2
                text: {zh: 无乱停车, en: No parking on pavements}
                kind: deduct
                points: 10
                per: 0
              - id: A-3
                text: {zh: 交通标志完好, en: Signs intact}
                points: 5
                per: 1
        """
    )
    check(bad, "deduct-per", (9, 9), (17, 14), (21, 9))
    good = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                kind: deduct
                points: 10
                per: 2
              - id: A-3
                text: {zh: 交通标志完好, en: Signs intact}
                points: 5
        """
    )
    clean(good)


# -- grade-levels ------------------------------------------------------------


def test_grade_items_use_defined_levels() -> None:
    bad = doc(
        """\
        levels:
          good: {fraction: 1, label: {zh: 好, en: Good}}
          poor: {fraction: 0, label: {zh: 差, en: Poor}}
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 公厕清洁, en: Toilets clean}
                kind: grade
                points: 5
                levels: [good, fair]
              - id: A-2
                text: {zh: 交通标志完好, en: Signs intact}
                points: 5
                levels: [good]
        """
    )
    check(bad, "grade-levels", (16, 24), (20, 9))
    check(bad.replace("[good, fair]", "[good, poor]").replace("        levels: [good]\n", ""), "grade-levels")


def test_a_grade_item_needs_some_level() -> None:
    bad = doc(
        """\
        levels: {}
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 公厕清洁, en: Toilets clean}
                kind: grade
                points: 5
        """
    )
    check(bad, "grade-levels", (10, 9))
    check(bad.replace("levels: {}\n", ""), "grade-levels")  # the default 优/良/中/差
    no_levels = bad.replace("levels: {}\n", "").replace("points: 5", "points: 5\n        levels: []")
    check(no_levels, "grade-levels", (13, 17))


# -- grades-order ------------------------------------------------------------


def test_grade_bands_descend_to_zero() -> None:
    bad = (
        doc(
            """\
        scoring:
          pass_mark: 80
          grades:
            - {id: good, min: 80, label: {zh: 良好, en: Good}}
            - {id: excellent, min: 90, label: {zh: 优秀, en: Excellent}}
            - {id: pass, min: 60, label: {zh: 合格, en: Pass}}
        """
        )
        + GOOD[len(HEAD) :]
    )
    check(bad, "grades-order", (9, 28), (10, 23))
    good = (
        doc(
            """\
        scoring:
          pass_mark: 80
          grades:
            - {id: excellent, min: 90, label: {zh: 优秀, en: Excellent}}
            - {id: good, min: 80, label: {zh: 良好, en: Good}}
            - {id: fail, min: 0, label: {zh: 不合格, en: Fail}}
        """
        )
        + GOOD[len(HEAD) :]
    )
    clean(good)


# -- pass-mark-band ----------------------------------------------------------


def test_a_band_starts_at_the_pass_mark() -> None:
    bad = (
        doc(
            """\
        scoring:
          pass_mark: 80
          grades:
            - {id: good, min: 85, label: {zh: 良好, en: Good}}
            - {id: pass, min: 70, label: {zh: 合格, en: Pass}}
            - {id: fail, min: 0, label: {zh: 不合格, en: Fail}}
        """
        )
        + GOOD[len(HEAD) :]
    )
    check(bad, "pass-mark-band", (6, 14))
    assert {p.level for p in lint(bad)} == {"warning"}
    check(bad.replace("min: 70", "min: 80"), "pass-mark-band")
    check(bad.replace("  pass_mark: 80\n", ""), "pass-mark-band", (6, 3))  # the default mark, 60


# -- value-range -------------------------------------------------------------


def test_numbers_in_range() -> None:
    bad = doc(
        """\
        scoring:
          model: weighted
          decimals: 7
          pass_mark: 800
          strong_mark: 90
          total: 0
        levels:
          good: {fraction: 80, label: {zh: 好, en: Good}}
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            weight: 0
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                points: 5
        """
    )
    check(bad, "value-range", (7, 13), (8, 14), (10, 10), (12, 20), (16, 13))
    good = bad.replace("decimals: 7", "decimals: 2").replace("pass_mark: 800", "pass_mark: 80")
    good = good.replace("total: 0", "total: 5").replace("fraction: 80", "fraction: 0.8")
    good = good.replace("weight: 0", "weight: 1")
    check(good, "value-range")


# -- section-weight ----------------------------------------------------------


def test_weighted_sections_have_weights() -> None:
    bad = doc(
        """\
        scoring: {model: weighted}
        sections:
          - id: roads
            title: {zh: 道路, en: Roads}
            weight: 60
            sections:
              - id: paving
                title: {zh: 路面, en: Paving}
                items:
                  - id: A-1
                    text: {zh: 道路无坑洼, en: No potholes}
                    points: 5
          - id: publicity
            title: {zh: 宣传, en: Publicity}
            items:
              - id: B-1
                text: {zh: 公益广告, en: Public-service ads}
                points: 5
        """
    )
    check(bad, "section-weight", (11, 9), (17, 5))
    good = bad.replace("title: {zh: 路面, en: Paving}", "title: {zh: 路面, en: Paving}\n        weight: 1")
    good = good.replace("title: {zh: 宣传, en: Publicity}", "title: {zh: 宣传, en: Publicity}\n    weight: 40")
    clean(good)
    check(bad.replace("scoring: {model: weighted}\n", ""), "section-weight")


# -- section-content ---------------------------------------------------------


def test_sections_hold_items_or_sections() -> None:
    bad = doc(
        """\
        sections:
          - id: both
            title: {zh: 两者, en: Both}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                points: 5
            sections:
              - id: inner
                title: {zh: 内, en: Inner}
                items:
                  - id: A-2
                    text: {zh: 交通标志完好, en: Signs intact}
                    points: 5
          - id: neither
            title: {zh: 空, en: Empty}
          - id: empty
            title: {zh: 空, en: Empty}
            items: []
        """
    )
    check(bad, "section-content", (6, 5), (19, 5), (23, 12))
    check(GOOD, "section-content")


# -- empty-when --------------------------------------------------------------


def test_when_is_never_empty() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 活禽独立售卖, en: Live poultry apart}
                points: 5
                when:
              - id: A-2
                text: {zh: 赶集日疏导, en: Market-day stewards}
                points: 5
                when: {has_market_day: []}
        """
    )
    check(bad, "empty-when", (12, 14), (16, 32))
    good = bad.replace("when:\n", "when: {has_live_poultry: true}\n").replace("[]", "[true]")
    good += "attributes:\n  has_live_poultry: {label: 活禽}\n  has_market_day: {label: 集市日}\n"
    clean(good)


# -- declared-attributes -------------------------------------------------------


def test_when_uses_declared_attributes_of_the_right_type() -> None:
    bad = doc(
        """\
        attributes:
          has_waterway: {type: boolean, label: {zh: 是否有河道沟渠, en: Has a waterway}}
          grid_no: {type: number, label: {zh: 网格号, en: Grid number}}
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 无黑臭水体, en: No black and malodorous water}
                points: 5
                when: {has_water_way: true}
              - id: A-2
                text: {zh: 河道整洁, en: Clean waterways}
                points: 5
                when: {has_waterway: "yes", grid_no: [1, two]}
        """
    )
    check(bad, "declared-attributes", (15, 16), (19, 30), (19, 50))
    good = bad.replace("has_water_way", "has_waterway").replace('"yes"', "true").replace("two", "2")
    clean(good)


# -- points-total ------------------------------------------------------------


def test_points_add_up_to_the_total() -> None:
    bad = doc(
        """\
        scoring: {total: 100}
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 道路无坑洼, en: No potholes}
                points: 60
              - id: A-2
                text: {zh: 交通标志完好, en: Signs intact}
                points: 38.5
        """
    )
    check(bad, "points-total", (5, 18))
    (problem,) = [p for p in lint(bad) if p.rule == "points-total"]
    assert problem.message("en") == "the items' points add up to 98.5, not to the declared total of 100"
    clean(bad.replace("38.5", "40"))


# -- text-zh / text-en -------------------------------------------------------


def test_texts_have_chinese() -> None:
    bad = GOOD.replace("{zh: 道路无坑洼, en: No potholes}", "{en: No potholes}")
    check(bad, "text-zh", (10, 15))
    assert [p.level for p in lint(bad) if p.rule == "text-zh"] == ["error"]
    check(GOOD, "text-zh")


def test_texts_have_english_as_a_warning() -> None:
    bad = GOOD.replace("{zh: 道路无坑洼, en: No potholes}", "道路无坑洼").replace("en: Section", "zh-Hant: 分組")
    check(bad, "text-en", (7, 12), (10, 15))
    assert {p.level for p in lint(bad)} == {"warning"}
    check(GOOD, "text-en")


# -- critical-na -------------------------------------------------------------


def test_critical_items_refuse_na() -> None:
    bad = doc(
        """\
        sections:
          - id: s
            title: {zh: 分组, en: Section}
            items:
              - id: A-1
                text: {zh: 无以路为市, en: No trading on the road}
                points: 5
                critical: true
              - id: A-2
                text: {zh: 无黑臭水体, en: No black and smelly water}
                points: 5
                critical: true
                na: true
        """
    )
    check(bad, "critical-na", (9, 9), (17, 13))
    assert {p.level for p in lint(bad)} == {"warning"}
    clean(bad.replace("critical: true\n", "critical: true\n        na: false\n", 1).replace("na: true", "na: false"))


# -- the registry ------------------------------------------------------------


def test_every_rule_is_tested_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for rule in rules.RULES:
        assert f'"{rule.ID}"' in source, rule.ID


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.ID)
def test_every_rule_is_documented(rule: rules.Rule) -> None:
    assert rule.LEVEL in ("error", "warning")
    doc_ = rule.__doc__ or ""
    assert "Bad::" in doc_ and "Good::" in doc_, rule.ID
    assert rule.ID.replace("-", "").isalpha() and rule.ID.lower() == rule.ID
