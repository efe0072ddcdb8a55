"""The file must be readable YAML (or JSON) made of plain data.

Reported when the file cannot be parsed at all: a YAML or JSON syntax error
(bad indentation, a tab, an unclosed bracket, two documents in one file), a
control character, a tag outside YAML's core schema (``!!python/...``,
custom ``!tags``), a number that is not finite (``.nan``), an impossible date,
an alias expanded too often ("billion laughs") or nesting deeper than 64
levels, or an empty file.  Nothing else can be checked in such a file, so
this is the only problem reported for it.

Bad::

    sections:
      - id: roads
        items:
        - id: R-1
          text: 道路无坑洼
         points: 5          # indented one space too little

Good::

    sections:
      - id: roads
        items:
          - id: R-1
            text: 道路无坑洼
            points: 5
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding

ID = "syntax"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    problem = doc.syntax
    if problem is not None:
        yield Finding(problem.line, problem.column, problem.key, dict(problem.args))
