"""Finding checklists (format.md §7).

Answers name a checklist by ``checklist`` and ``checklist_version``; it is
looked up among the directories given with ``--checklists`` (repeatable),
those in ``CIVCHECK_CHECKLISTS`` (separated like PATH) and the bundled ones.
Every checklist file found is read once and kept, so batch scoring parses
each checklist a single time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.errors import InputError, Problem
from civcheck.model import Checklist

SUFFIXES = (".yaml", ".yml", ".json")
ENV_VAR = "CIVCHECK_CHECKLISTS"


def bundled_dir() -> Path:
    """The bundled checklists: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent
    inside = here / "checklists"
    if inside.is_dir():
        return inside
    return here.parent / "checklists"


def search_dirs(extra: Iterable[str | Path] = (), env: str | None = None) -> list[Path]:
    """The directories to search, in order: options, environment, bundled."""
    dirs = [Path(d) for d in extra]
    env_value = os.environ.get(ENV_VAR, "") if env is None else env
    dirs += [Path(d) for d in env_value.split(os.pathsep) if d]
    dirs.append(bundled_dir())
    seen: set[Path] = set()
    unique = []
    for d in dirs:
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def iter_files(root: Path) -> Iterator[Path]:
    """YAML and JSON files below *root*, sorted, hidden folders skipped."""
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.lower().endswith(SUFFIXES) and not filename.startswith("."):
                yield Path(dirpath) / filename


def _looks_like_checklist(declared: str | None, data: object) -> bool:
    if declared is not None:
        return declared.startswith("civcheck.checklist")
    return isinstance(data, dict) and "sections" in data and "answers" not in data


@dataclass
class Catalog:
    """Every checklist found in the search directories."""

    dirs: list[Path]
    checklists: list[Checklist] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def discover(cls, extra: Iterable[str | Path] = (), env: str | None = None) -> Catalog:
        """Read every checklist in the search path; bad files become problems."""
        from civcheck.load import CHECKLIST_FORMAT, checklist_from_data, parse_document, peek_format, read_text

        catalog = cls(search_dirs(extra, env))
        seen: dict[tuple[str, str], Checklist] = {}
        for directory in catalog.dirs:
            if not directory.exists():
                catalog.problems.append(Problem(str(directory), 1, 1, "catalog.no_dir"))
                continue
            for path in iter_files(directory):
                name = str(path)
                try:
                    text = read_text(path)
                    data = parse_document(text, name)
                    declared = peek_format(data)
                    if declared != CHECKLIST_FORMAT:
                        if _looks_like_checklist(declared, data):
                            # A misspelt format would otherwise make the checklist vanish.
                            checklist_from_data(data, name, text)
                        continue
                    checklist = checklist_from_data(data, name, text)
                except InputError as exc:
                    catalog.problems.extend(exc.problems)
                    continue
                key = (checklist.id, checklist.version)
                if key in seen:
                    catalog.problems.append(
                        Problem(
                            name,
                            1,
                            1,
                            "catalog.duplicate",
                            {"id": checklist.id, "version": checklist.version, "other": seen[key].path},
                        )
                    )
                    continue
                seen[key] = checklist
                catalog.checklists.append(checklist)
        return catalog

    def versions(self, checklist_id: str) -> list[Checklist]:
        return [c for c in self.checklists if c.id == checklist_id]

    def find(self, checklist_id: str, version: str | None) -> Checklist | None:
        """The checklist with this id and version (the only one, if no version)."""
        candidates = self.versions(checklist_id)
        if version is None:
            return candidates[0] if len(candidates) == 1 else None
        for checklist in candidates:
            if checklist.version == version:
                return checklist
        return None
