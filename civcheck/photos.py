"""The inspector's photos (an answer's ``evidence:`` paths), found and, when asked, shrunk to embed in a page.

A photo is named in the answers file relative to that file's folder or to a
folder above it (a township keeps ``photos/2026-08/…`` beside its round
folders), and is looked for in that order, up to the folder the command runs
in.  A path may not lead outside that folder or the answers file's own: an
answers file is not a way to copy any picture on the computer into a page
that leaves the office.  Every photo that cannot be shown — missing, outside,
not an image, too large — is said, never silently left out.

Embedding shrinks each photo to at most :data:`SIDE` pixels on its longer
side as a JPEG, so a report with a dozen photos stays a few hundred
kilobytes and opens anywhere by itself.  Pillow is imported only here.
"""

from __future__ import annotations

import base64
import io
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from civcheck.i18n import extend

SIDE = 640  # pixels, the longer side of an embedded photo
QUALITY = 72
MAX_PHOTO_BYTES = 30 * 1024 * 1024  # a phone's photo is a few MB; a bigger file is no photo
MAX_PIXELS = 60_000_000  # a 60-megapixel image; beyond it decoding is a memory bomb

extend(
    {
        "photo.missing": ("照片不存在", "no such photo"),
        "photo.outside": ("照片不在答卷所在文件夹或工作文件夹内，不予读取", "outside the answers' and working folders"),
        "photo.absolute": ("照片须写相对路径", "a photo is named by a relative path"),
        "photo.not_image": ("不是可识别的图片", "not an image"),
        "photo.too_large": (
            "照片过大（上限 {limit} MB、{mp} 百万像素）",
            "too large (limit {limit} MB, {mp:megapixel|megapixels})",
        ),
        "photo.warning": ("{file}：{item} 的照片 {photo}：{why}", "{file}: photo {photo} of {item}: {why}"),
    }
)


class Photo(NamedTuple):
    """One evidence path as a page shows it: a link (relative to the page), an embedded image, or why neither."""

    path: str  # as the answers file names it
    href: str = ""  # the file, relative to the page's folder ("" when it cannot be shown)
    data: str = ""  # a data: URI of the shrunk image, when embedded
    problem: str = ""  # a message key: why it is not shown
    args: Mapping[str, object] = {}


def locate(path: str, answers_dir: Path, work_dir: Path) -> tuple[Path | None, str]:
    """The photo's file, or ``None`` and why: looked for beside the answers file, then up to *work_dir*."""
    if not path.strip():
        return None, "photo.missing"
    if os.path.isabs(path) or (len(path) > 1 and path[1] == ":"):
        return None, "photo.absolute"
    roots = [answers_dir.resolve()]
    work = work_dir.resolve()
    here = roots[0]
    while here != work and work in here.parents:
        here = here.parent
        roots.append(here)
    allowed = (answers_dir.resolve(), work)
    outside = False
    for root in roots:
        candidate = (root / path).resolve()
        if not any(candidate == base or base in candidate.parents for base in allowed):
            outside = True
            continue
        if candidate.is_file():
            return candidate, ""
    return None, "photo.outside" if outside else "photo.missing"


def typed(path: str, answers_dir: Path, work_dir: Path) -> tuple[str, str]:
    """A photo path as a clerk typed it: the path to record and ``""``, or the path as typed and why it is refused.

    The quotes a console puts around a file dragged into it are dropped, and
    an absolute path is recorded relative to the answers file, as every
    reader of it expects; the photo must then be found where the report will
    look (:func:`locate`), so a typo is caught while the clerk is still on site.
    """
    text = path.strip().strip("\"'")
    if os.path.isabs(text) or (len(text) > 1 and text[1] == ":"):
        try:
            text = Path(os.path.relpath(Path(text).resolve(), answers_dir.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            return path.strip(), "photo.outside"
    found, why = locate(text, answers_dir, work_dir)
    return (text, "") if found is not None else (path.strip(), why)


def gather(
    evidence: Mapping[str, tuple[str, ...]],
    answers_file: str,
    page_dir: Path,
    embed: bool,
    work_dir: Path | None = None,
) -> dict[str, Photo]:
    """Every evidence path of an answers file, resolved (and shrunk when *embed*), keyed by the path as written."""
    answers_dir = Path(answers_file).parent
    work = work_dir or Path.cwd()
    photos: dict[str, Photo] = {}
    for paths in evidence.values():
        for path in paths:
            if path in photos:
                continue
            found, why = locate(path, answers_dir, work)
            if found is None:
                photos[path] = Photo(path, problem=why)
                continue
            href = Path(os.path.relpath(found, page_dir.resolve())).as_posix()
            if not embed:
                photos[path] = Photo(path, href=href)
                continue
            data, why, args = shrink(found)
            photos[path] = Photo(path, href=href, data=data, problem=why, args=args)
    return photos


def shrink(path: Path) -> tuple[str, str, dict[str, object]]:
    """A JPEG data URI of the photo at most :data:`SIDE` pixels on its longer side, or ``""`` and why not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limits: dict[str, object] = {"limit": MAX_PHOTO_BYTES // 2**20, "mp": MAX_PIXELS // 1_000_000}
    too_large = ("photo.too_large", limits)
    try:
        if path.stat().st_size > MAX_PHOTO_BYTES:
            return "", *too_large
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    return "", *too_large
                image.draft("RGB", (SIDE, SIDE))  # a JPEG decodes straight at a fraction of its size
                shown = ImageOps.exif_transpose(image).convert("RGB")
                shown.thumbnail((SIDE, SIDE))
                buffer = io.BytesIO()
                shown.save(buffer, "JPEG", quality=QUALITY, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "", *too_large
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "", "photo.not_image", {}
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), "", {}
