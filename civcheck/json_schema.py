"""JSON Schemas (draft 2020-12) for civcheck's file kinds, for editors and other tools.

The schemas are files (``schemas/*.schema.json`` in the repository,
``civcheck/schemas`` inside the installed package), so an editor with a YAML
language server can point at them directly — the bundled checklists start
with ``# yaml-language-server: $schema=../schemas/checklist.schema.json``.
They describe what the loader accepts; the finer rules (ids unique, grades
in order, points adding up to the total) are ``civcheck lint``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civcheck.i18n import extend

KINDS = ("checklist", "answers", "sites", "approvals")

extend({"schemas.kind": ("未知的文件类型 {kind}（可选：{choices}）", "unknown file kind {kind} (choices: {choices})")})


def schemas_dir() -> Path:
    """The schemas: inside the installed package, else the source tree."""
    from civcheck.catalog import shipped_dir

    return shipped_dir("schemas")


def path(kind: str) -> Path:
    return schemas_dir() / f"{kind}.schema.json"


def text(kind: str) -> str:
    """The schema for *kind* (one of :data:`KINDS`) as JSON text."""
    if kind not in KINDS:
        raise ValueError(kind)
    return path(kind).read_text(encoding="utf-8")


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text(kind))
    return loaded
