"""One site's report as a printable page, with the inspector's photos beside the gaps they show.

The data is a :class:`ReportPage`: the scored result and its photos, found
(and shrunk, with ``--embed-photos``) by :mod:`civcheck.photos` before
rendering, so this stays a pure function.  An embedded photo makes the page
self-contained; otherwise each photo is a link relative to the page, and a
photo that cannot be shown says why in its place.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import NamedTuple
from urllib.parse import quote

from civcheck.i18n import extend, t
from civcheck.photos import Photo
from civcheck.render import Context
from civcheck.render.common import (
    GAP_HEADERS,
    SECTION_HEADERS,
    gap_rows,
    header_lines,
    na_rows,
    notices,
    section_rows,
)
from civcheck.render.html import STYLE, table_html
from civcheck.render.publication import evidence_of
from civcheck.scoring import Result
from civcheck.views import view_of

PAGE_STYLE = """
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 0 0 6pt; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
p.notice { background: #fff6e0; border-left: 3pt solid #f9a825; padding: 3pt 6pt; margin: 3pt 0; }
div.evidence { break-inside: avoid; page-break-inside: avoid; margin: 6pt 0 8pt; }
div.evidence h3 { font-size: 10pt; margin: 0 0 3pt; }
div.photos { display: flex; flex-wrap: wrap; gap: 4mm; }
figure { margin: 0; width: 58mm; }
figure img { width: 58mm; height: auto; border: 0.5pt solid #999; display: block; }
figcaption { font-size: 7.5pt; color: #555; word-break: break-all; }
figcaption.missing { color: #b71c1c; }
"""


extend({"photo.caption": ("{path}：{why}", "{path}: {why}")})


class ReportPage(NamedTuple):
    """What the html report shows: the scored result, and each evidence path's photo as found."""

    result: Result
    photos: Mapping[str, Photo]


def _photo(photo: Photo | None, path: str, lang: str) -> str:
    if photo is None or (photo.problem and not photo.href):
        why = t(photo.problem, lang, **photo.args) if photo and photo.problem else t("photo.missing", lang)
        said = escape(t("photo.caption", lang, path=path, why=why))
        return f'<figure><figcaption class="missing">{said}</figcaption></figure>'
    link = escape(quote(photo.href, safe="/"), quote=True)
    caption = f'<figcaption><a href="{link}">{escape(path)}</a></figcaption>'
    if photo.data:
        return f'<figure><img src="{photo.data}" alt="{escape(path, quote=True)}">{caption}</figure>'
    if photo.problem:
        why = t(photo.problem, lang, **photo.args)
        said = t("photo.caption", lang, path=f'<a href="{link}">{escape(path)}</a>', why=escape(why))  # escaped pieces
        return f'<figure><figcaption class="missing">{said}</figcaption></figure>'
    return f"<figure>{caption}</figure>"


def report(page: ReportPage, ctx: Context) -> str:
    """The report: the facts, what must not be missed, sections, ranked gaps, then the photos item by item."""
    lang = ctx.lang
    v = view_of(page.result, lang)
    title = f"{t('r.title', lang)}：{v.site_name or v.site}" if lang == "zh" else f"{t('r.title', lang)}: {v.site}"
    facts = [f"<dt>{escape(k)}</dt><dd>{escape(val)}</dd>" for k, val in header_lines(v, lang)]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}{PAGE_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        '<dl class="facts">' + "".join(facts) + "</dl>",
    ]
    out += [f'<p class="notice">{escape(n)}</p>' for n in notices(v, lang)]
    out.append(f"<h2>{escape(t('r.sections', lang))}</h2>")
    out.append(table_html([t(h, lang) for h in SECTION_HEADERS], section_rows(v, lang), numeric={1, 2, 3}))
    out.append(f"<h2>{escape(t('r.gaps', lang))}</h2>")
    rows = gap_rows(v, lang)
    if rows:
        out.append(table_html([t(h, lang) for h in GAP_HEADERS], rows, numeric={3, 4}, wrap={1, 5, 7, 8}))
    else:
        out.append(f"<p>{escape(t('r.no_gaps', lang))}</p>")
    if v.not_applicable:
        out.append(f"<h2>{escape(t('r.na', lang))}</h2>")
        header, na = na_rows(v, lang)
        out.append(table_html(header, na, numeric={1}, wrap={2, 3}))
        if any(n.approved is False for n in v.not_applicable):
            out.append(f'<p class="notice">{escape(t("r.na_note", lang))}</p>')
    evidence = evidence_of(page.result)
    if evidence:
        texts = {item.id: item.text.get(lang) for item in page.result.checklist.iter_items()}
        out.append(f"<h2>{escape(t('r.evidence', lang))}</h2>")
        for item, paths in evidence:
            figures = "".join(_photo(page.photos.get(path), path, lang) for path in paths)
            out.append(f'<div class="evidence"><h3>{escape(item)} {escape(texts.get(item, ""))}</h3>'
                       f'<div class="photos">{figures}</div></div>')  # fmt: skip
    out.append("</body></html>\n")
    return "\n".join(out)
