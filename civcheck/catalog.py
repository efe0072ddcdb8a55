"""Finding checklists (format.md §7).

Answers name a checklist by ``checklist`` and ``checklist_version``; it is
looked up among the directories given with ``--checklists`` (repeatable),
those in ``CIVCHECK_CHECKLISTS`` (separated like PATH) and the bundled ones.
Every checklist file found is read once and kept, so batch scoring parses
each checklist a single time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.errors import InputError, Problem
from civcheck.model import Checklist

SUFFIXES = (".yaml", ".yml", ".json")
ENV_VAR = "CIVCHECK_CHECKLISTS"


def shipped_dir(name: str) -> Path:
    """A data folder shipped with civcheck: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent
    inside = here / name
    if inside.is_dir():
        return inside
    return here.parent / name


def bundled_dir() -> Path:
    """The bundled checklists."""
    return shipped_dir("checklists")


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


def iter_files(
    root: Path, problems: list[Problem] | None = None, suffixes: tuple[str, ...] = SUFFIXES
) -> Iterator[Path]:
    """YAML and JSON files (or those with *suffixes*) below *root*, sorted, hidden folders skipped.

    A folder that cannot be read is reported into *problems*, never skipped
    in silence: the files in it would otherwise be missing from a bulletin
    without a word.
    """
    if root.is_file():
        yield root
        return

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            where = exc.filename if isinstance(exc.filename, str) else str(root)
            problems.append(Problem(where, 1, 1, "io.unreadable_dir", {"reason": exc.strerror or str(exc)}))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.lower().endswith(suffixes) and not filename.startswith("."):
                yield Path(dirpath) / filename


def _looks_like_checklist(declared: str | None, data: object) -> bool:
    if declared is not None:
        return declared.startswith("civcheck.checklist")
    return isinstance(data, dict) and "sections" in data and "answers" not in data


_HEADER_FORMAT = re.compile(r"^format:[ \t]*[\"']?civcheck\.checklist/1[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_HEADER_ID = re.compile(r"^id:[ \t]*[\"']?([a-z0-9-]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_HEADER_VERSION = re.compile(r"^version:[ \t]*(?:\"([\w.+-]+)\"|'([\w.+-]+)'|([\w.+-]+))[ \t]*(?:#.*)?$", re.MULTILINE)


def _header(text: str) -> tuple[str, str] | None:
    """A YAML checklist's id and version, read from its top-level lines.

    Lets a command that needs one checklist skip parsing all the others; a
    file whose header is not plainly written is parsed in full instead.
    """
    if not _HEADER_FORMAT.search(text):
        return None
    ids = _HEADER_ID.findall(text)
    versions = _HEADER_VERSION.findall(text)
    if len(ids) != 1 or len(versions) != 1:
        return None
    version = next(v for v in versions[0] if v)
    return ids[0], version


@dataclass
class _Entry:
    id: str
    version: str
    path: str
    text: str
    checklist: Checklist | None = None


@dataclass
class Catalog:
    """Every checklist found in the search directories.

    Files are indexed by id and version when the catalog is made; a checklist
    is parsed and checked only when it is first asked for (or when all are
    listed), so scoring one site does not pay for every checklist on disk.
    """

    dirs: list[Path]
    entries: list[_Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    indexed: int = 0  # how many of the problems were met while indexing (the rest: while loading)

    @classmethod
    def discover(cls, extra: Iterable[str | Path] = (), env: str | None = None) -> Catalog:
        """Index every checklist in the search path; bad files become problems."""
        from civcheck.formats.checklist import CHECKLIST_FORMAT, checklist_from_data
        from civcheck.formats.reader import peek_format
        from civcheck.formats.text import read_text
        from civcheck.formats.values import parse_document

        catalog = cls(search_dirs(extra, env))
        for directory in catalog.dirs:
            if not directory.exists():
                catalog.problems.append(Problem(str(directory), 1, 1, "catalog.no_dir"))
                continue
            for path in iter_files(directory, catalog.problems):
                name = str(path)
                try:
                    text = read_text(path)
                    header = _header(text) if not name.lower().endswith(".json") else None
                    if header is not None:
                        catalog._add(_Entry(header[0], header[1], name, text))
                        continue
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
                catalog._add(_Entry(checklist.id, checklist.version, name, text, checklist))
        catalog.indexed = len(catalog.problems)
        return catalog

    def _add(self, entry: _Entry) -> None:
        for other in self.entries:
            if (other.id, other.version) == (entry.id, entry.version):
                args = {"id": entry.id, "version": entry.version, "other": other.path}
                self.problems.append(Problem(entry.path, 1, 1, "catalog.duplicate", args))
                return
        self.entries.append(entry)

    def _load(self, entry: _Entry) -> Checklist | None:
        if entry.checklist is None:
            from civcheck.formats.checklist import checklist_from_data
            from civcheck.formats.values import parse_document

            try:
                entry.checklist = checklist_from_data(parse_document(entry.text, entry.path), entry.path, entry.text)
            except InputError as exc:
                self.problems.extend(exc.problems)
                self.entries.remove(entry)
                return None
            entry.text = ""
        return entry.checklist

    @property
    def checklists(self) -> list[Checklist]:
        """Every checklist, each parsed and checked."""
        loaded = [self._load(entry) for entry in list(self.entries)]
        return [c for c in loaded if c is not None]

    def setup_problems(self) -> list[Problem]:
        """Problems with the search path itself, reported by every command (format.md §7).

        A checklist directory that does not exist, and two files with the same
        id and version; a file that merely fails to parse is reported when it
        is needed (or by ``civcheck checklists`` / ``lint``).
        """
        return [p for p in self.problems if p.key in ("catalog.no_dir", "catalog.duplicate", "io.unreadable_dir")]

    def ids(self) -> list[str]:
        return sorted({entry.id for entry in self.entries})

    def versions(self, checklist_id: str) -> list[Checklist]:
        """Every version of a checklist, oldest first (2026.07 before 2026.12)."""
        from civcheck.bulletin import natural_key

        loaded = [self._load(e) for e in list(self.entries) if e.id == checklist_id]
        return sorted((c for c in loaded if c is not None), key=lambda c: natural_key(c.version))

    def newest(self, checklist_id: str) -> Checklist | None:
        """The latest version of a checklist (2026.12 after 2026.07): what a new self-check or form uses.

        Scoring never guesses a version — an answers file without
        ``checklist_version`` is scored only when one version exists — but a
        self-check that is starting, a form being made or a checklist being
        shown takes the newest, and says which.
        """
        versions = self.versions(checklist_id)
        return versions[-1] if versions else None

    def find(self, checklist_id: str, version: str | None) -> Checklist | None:
        """The checklist with this id and version (the only one, if no version)."""
        if version is not None:
            for entry in list(self.entries):
                if (entry.id, entry.version) == (checklist_id, version):
                    return self._load(entry)
            return None
        candidates = self.versions(checklist_id)
        return candidates[0] if len(candidates) == 1 else None
