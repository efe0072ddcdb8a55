"""A checklist file as it was at a git revision, for ``civcheck diff --git REV`` — the one place civcheck runs git.

Kept apart from :mod:`civcheck.diff`, which compares two checklists and
knows nothing of where their texts came from.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from civcheck.errors import UsageError
from civcheck.i18n import extend

extend(
    {
        "diff.git_rev": ("无法读取 git 版本 {rev}：{detail}", "cannot read git revision {rev}: {detail}"),
        "diff.git_no_rev": ("git 中没有版本 {rev}", "git knows no revision {rev}"),
        "diff.no_git": ("找不到 git 命令", "git is not installed"),
    }
)


def read_at_revision(path: Path, rev: str) -> str | None:
    """The text of *path* at git revision *rev*; ``None`` if the file did not exist there.

    Raises :class:`UsageError` when git is missing, *path* is not in a git
    work tree or *rev* names no commit.
    """
    from civcheck.formats.text import decode

    folder = path.parent if str(path.parent) else Path(".")
    verify = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if verify.returncode != 0:
        detail = verify.stderr.decode("utf-8", "replace").strip()
        if not detail:
            raise UsageError("diff.git_no_rev", rev=rev)
        raise UsageError("diff.git_rev", rev=rev, detail=detail.splitlines()[-1])
    spec = f"{rev}:./{path.name}"
    if _git(folder, "cat-file", "-e", spec).returncode != 0:
        return None
    shown = _git(folder, "show", spec)
    if shown.returncode != 0:
        raise UsageError("diff.git_rev", rev=rev, detail=shown.stderr.decode("utf-8", "replace").strip())
    return decode(shown.stdout, f"{rev}:{path}")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise UsageError("diff.no_git") from None
