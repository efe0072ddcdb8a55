"""docs/lint.md is generated from the rule docstrings and must not fall behind them."""

from __future__ import annotations

from pathlib import Path

from civcheck.lint import rules
from civcheck.lint.docs import render

DOCS = Path(__file__).parent.parent.parent / "docs" / "lint.md"


def test_docs_lint_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), "run: python -m civcheck.lint.docs"


def test_every_rule_has_a_section_with_its_examples() -> None:
    text = render()
    for rule in rules.RULES:
        section = text.split(f"\n### {rule.ID}\n", 1)[1].split("\n### ", 1)[0]
        assert f"**{rule.LEVEL}**" in section
        assert section.count("```yaml") == 2, rule.ID  # a bad and a good example


ROOT = DOCS.parent.parent


def test_pre_commit_hooks_run_real_commands() -> None:
    import yaml

    from civcheck.cli import COMMANDS

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(hooks) == {"civcheck-lint", "civcheck-regress"}
    commands = set(COMMANDS)
    for hook in hooks.values():
        program, command = hook["entry"].split()
        assert program == "civcheck" and command in commands and hook["language"] == "python"
    assert hooks["civcheck-regress"]["pass_filenames"] is False


def test_the_readme_shows_the_ci_recipe() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checklists under CI / 检查表的持续集成", 1)[1].split("\n## ", 1)[0]
    for needle in (
        "civcheck lint checklists",
        "civcheck regress",
        "civcheck diff --git origin/main checklists",
        "id: civcheck-lint",
        "id: civcheck-regress",
        "yaml-language-server: $schema=",
    ):
        assert needle in section, needle
    assert readme.index("## Checklists under CI") < readme.index("## Documentation")
