"""``enquete show``: a static HTML viewer of the corpus and, with predictions, of an extractor's errors.

Owns the pages: ``index.html`` (documents with per-document counts; with predictions, per-document F1
sorted worst-first) and one page per document with three panels — entities (a colour per label,
displaCy-like), quotes (content highlighted, cue and source marked in the quote's colour and tag,
speaker named) and events (trigger with type, arguments on hover and listed). With predictions every
panel becomes a diff: ``diff-correct``, ``diff-fn`` (missed), ``diff-fp`` (spurious), ``diff-label``
and ``diff-boundary`` items are marked distinctly (see :mod:`bench.report.diff`).

No server, no network: CSS and the few lines of hover script are inline. All article text, metadata
and prediction content is escaped (:mod:`bench.report.markup`). Bad input (unknown document ids, predictions
for another corpus) raises :class:`~bench.errors.InputError` before anything is written.

>>> # show(Path("corpus"), ["wn-2019..."], Path("results/rules.v1/test/predictions.jsonl"), Path("viewer"))
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.common.outdir import replace_output_dir
from bench.common.tokens import tokenize
from bench.dataset.corpus import Corpus, load_corpus
from bench.errors import InputError
from bench.report.diff import Aligned, align_entities, align_events, align_quotes, argument_diff, f1
from bench.report.markup import Mark, esc, render_text
from bench.run.predictions import load_predictions
from bench.scoring import entities as ent_scoring
from bench.scoring import events as evt_scoring
from bench.scoring import quotes as quo_scoring
from bench.scoring.quotes import speaker_right
from bench.types import LAYERS, Document, Entity, Event, Prediction, Quote, Span

MARKER = ".enquete-viewer"
#: The per-document metric shown for each layer (the leaderboard's main metrics).
DOC_METRIC = {"entities": "entities.strict", "quotes": "quotes.end_to_end", "events": "events.trig_c"}

#: displaCy's colours, so the page looks like what spaCy users know.
LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#aa9cfc", "NORP": "#c887fb", "FAC": "#9cc9cc", "ORG": "#7aecec", "GPE": "#feca74",
    "LOC": "#ff9561", "PRODUCT": "#bfeeb7", "EVENT": "#ffeb80", "WORK_OF_ART": "#f0d0ff", "LAW": "#ff8197",
    "LANGUAGE": "#ff8197", "DATE": "#bfe1d9", "TIME": "#bfe1d9", "PERCENT": "#e4e7d2", "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2", "ORDINAL": "#e4e7d2", "CARDINAL": "#e4e7d2",
}
#: (light, strong) colour pairs cycled over the quotes of a page.
QUOTE_COLOURS: tuple[tuple[str, str], ...] = (
    ("#fff1a8", "#9a6700"), ("#d3f2dc", "#1a7f37"), ("#dbe9ff", "#0550ae"), ("#ffe0e3", "#a40e26"),
    ("#ece4ff", "#6639ba"), ("#ffe4cc", "#bc4c00"), ("#d5f5f1", "#0f766e"), ("#eceff3", "#424a53"),
)
SPURIOUS_COLOURS = ("#f1e4ff", "#8250df")
STATUS_BADGE = {"correct": "✓", "label": "WRONG LABEL", "boundary": "BOUNDARY", "fn": "MISSED", "fp": "SPURIOUS"}
STATUS_TEXT = {"correct": "correct", "label": "wrong label", "boundary": "wrong boundary",
               "fn": "missed (false negative)", "fp": "spurious (false positive)"}

CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1180px;margin:1.2em auto;
 padding:0 1.2em;color:#1f2328;background:#fff}
h1{font-size:1.45em;margin:.4em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #d0d7de}
nav{font-size:.9em;color:#57606a}a{color:#0969da}
.meta{color:#57606a;font-size:.9em}.meta span{margin-right:1em}
.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.9;font-size:16px;border:1px solid #d0d7de;
 border-radius:6px;padding:.8em 1.1em;background:#fdfdfe}
.m{border-radius:.3em;padding:.18em .22em;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.m .m{padding:.06em .16em}
.badge{display:inline-block;font-size:.6em;font-weight:700;line-height:1;letter-spacing:.02em;margin-left:.35em;
 padding:.18em .32em;text-decoration:none;font-style:normal;
 border-radius:.25em;background:#fff;color:#1f2328;vertical-align:.15em;white-space:nowrap;
 border:1px solid rgba(31,35,40,.25)}
.ent{background:var(--c)}
.ent,.ev-trigger,.q-cue{white-space:nowrap}
.q-content{background:var(--qc);border-bottom:2px solid var(--qd)}
.q-content>.badge,.q-source>.badge,.q-cue>.badge,.q-addressee>.badge{background:var(--qd);color:#fff;border:0}
.q-cue{font-weight:700;color:var(--qd);text-decoration:underline 3px var(--qd);text-underline-offset:3px;
 background:#fff}
.q-source{background:#fff;border:2px solid var(--qd)}
.q-addressee{background:#fff;border:2px dashed var(--qd)}
.q-direct{font-style:italic}
.ev-trigger{background:#ddf4ff;border:2px solid #0969da;font-weight:600}
.ev-trigger>.badge{background:#0969da;color:#fff;border:0}
.text .ev-arg{padding:0}
.ev-arg{text-decoration:underline dotted 2px #0969da;text-underline-offset:4px}
.diff-correct{border:2px solid #1a7f37!important}
.diff-correct>.badge{background:#1a7f37;color:#fff;border:0}
.diff-fn{border:2px dashed #cf222e!important}
.diff-fn>.badge{background:#cf222e;color:#fff;border:0}
.diff-fp{border:2px dotted #8250df!important;background-image:repeating-linear-gradient(135deg,
 rgba(130,80,223,.22) 0 3px,transparent 3px 7px)}
.diff-fp>.badge{background:#8250df;color:#fff;border:0}
.diff-label{border:3px double #bf8700!important}
.diff-label>.badge{background:#9a6700;color:#fff;border:0}
.diff-boundary{border:2px solid #bc4c00!important;border-left-width:6px!important;border-right-width:6px!important}
.diff-boundary>.badge{background:#bc4c00;color:#fff;border:0}
.pred-span{border-bottom:3px dashed #bc4c00;padding-bottom:0}
.pred-span>.badge{background:#fff;color:#bc4c00;border:1px dashed #bc4c00}
.hl{outline:3px solid #fb8500;outline-offset:1px}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em;width:100%}
td,th{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:.35em .8em;font-size:.8em;margin:.4em 0 .6em;line-height:2.2}
.note{color:#57606a;font-size:.88em}
.st-correct{color:#1a7f37}.st-fn{color:#cf222e}.st-fp{color:#8250df}.st-label{color:#9a6700}
.st-boundary{color:#bc4c00}.ok{color:#1a7f37}.bad{color:#cf222e}.extra{color:#8250df}
"""

SCRIPT = """
document.querySelectorAll('[data-link]').forEach(function (el) {
  var sel = '[data-link="' + el.getAttribute('data-link') + '"]';
  el.addEventListener('mouseenter', function () {
    document.querySelectorAll(sel).forEach(function (x) { x.classList.add('hl'); });
  });
  el.addEventListener('mouseleave', function () {
    document.querySelectorAll(sel).forEach(function (x) { x.classList.remove('hl'); });
  });
});
"""


@dataclass(frozen=True, slots=True)
class DocScore:
    """Per-document counts of the main metric of one layer."""

    tp: float
    n_pred: float
    n_gold: float

    @property
    def f1(self) -> float | None:
        return f1(self.tp, self.n_pred, self.n_gold)


def doc_scores(doc: Document, pred: Prediction, layers: Sequence[str]) -> dict[str, DocScore]:
    """The main metric of each predicted layer on one document (the scorer's own counting)."""
    out: dict[str, DocScore] = {}
    if "entities" in layers:
        c = ent_scoring.count_document(doc.entities, pred.entities or (), doc.text)[DOC_METRIC["entities"]]
        out["entities"] = DocScore(*c[1:])
    if "quotes" in layers:
        c = quo_scoring.count_document(doc.quotes, pred.quotes or (), tokenize(doc.text))[DOC_METRIC["quotes"]]
        out["quotes"] = DocScore(*c[1:])
    if "events" in layers:
        c = evt_scoring.count_document(doc.events, pred.events or ())[DOC_METRIC["events"]]
        out["events"] = DocScore(*c[1:])
    return out


def with_texts(p: Prediction, text: str) -> Prediction:
    """``p`` with every span's ``text`` taken from the document (prediction files may omit it)."""

    def sp(s: Span | None) -> Span | None:
        return None if s is None else Span(s.start, s.end, text[s.start:s.end])

    def spans(ss: tuple[Span, ...]) -> tuple[Span, ...]:
        return tuple(Span(s.start, s.end, text[s.start:s.end]) for s in ss)

    ents = None if p.entities is None else tuple(replace(e, text=text[e.start:e.end]) for e in p.entities)
    quotes = None if p.quotes is None else tuple(
        replace(q, cue=sp(q.cue), source=sp(q.source), addressee=sp(q.addressee), content=spans(q.content),
                direct=spans(q.direct)) for q in p.quotes)
    events = None if p.events is None else tuple(
        replace(e, trigger=Span(e.trigger.start, e.trigger.end, text[e.trigger.start:e.trigger.end]),
                arguments=tuple(replace(a, text=text[a.start:a.end]) for a in e.arguments)) for e in p.events)
    return Prediction(p.id, ents, quotes, events)


def _mean_f1(scores: dict[str, DocScore]) -> float | None:
    vals = [s.f1 for s in scores.values() if s.f1 is not None]
    return sum(vals) / len(vals) if vals else None


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def page_names(doc_ids: Sequence[str]) -> dict[str, str]:
    """A safe, unique file name per document id (ids are untrusted too)."""
    names: dict[str, str] = {}
    used = {"index.html"}
    for doc_id in doc_ids:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._")[:120] or "doc"
        name, n = f"{base}.html", 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}.html"
        used.add(name.lower())
        names[doc_id] = name
    return names


# ------------------------------------------------------------------------------------------------
# Marks per layer
# ------------------------------------------------------------------------------------------------

def _colour(label: str) -> str:
    return f"--c:{LABEL_COLOURS.get(label, '#dddddd')}"


def _entity_marks(rows: Sequence[Aligned[Entity]], diff: bool) -> list[Mark]:
    marks: list[Mark] = []
    for r in rows:
        e = r.item
        if not diff:
            ent_id = f" → {e.entity}" if e.entity else ""
            marks.append(Mark(e.start, e.end, "ent", e.label, f"{e.id} {e.label}{ent_id}", style=_colour(e.label)))
            continue
        g, p = r.gold, r.pred
        if r.status == "correct" and g:
            badge = f"✓ {g.label}"
        elif r.status == "label" and g and p:
            badge = f"{g.label} → {p.label}"
        elif r.status == "boundary" and g and p:
            badge = f"BOUNDARY {g.label}" + ("" if r.label_ok else f" → {p.label}")
        else:
            badge = f"{STATUS_BADGE[r.status]} {e.label}"
        title = (f"{STATUS_TEXT[r.status]}; gold: " + (f"{g.text!r} {g.label}" if g else "—")
                 + "; predicted: " + (f"{p.text!r} {p.label}" if p else "—"))
        marks.append(Mark(e.start, e.end, f"ent diff-{r.status}", badge, title, style=_colour(e.label)))
        if r.status == "boundary" and p:
            marks.append(Mark(p.start, p.end, "pred-span", f"pred {p.label}", f"predicted {p.text!r} {p.label}"))
    return marks


def _name(registry: dict[str, str], entity: str | None) -> str:
    if not entity:
        return ""
    return registry.get(entity, entity)


def _quote_part_marks(q: Quote, tag: str, link: str, colours: tuple[str, str], registry: dict[str, str],
                      content_classes: str, last_badge: str) -> list[Mark]:
    style = f"--qc:{colours[0]};--qd:{colours[1]}"
    data = (("data-link", link),)
    marks: list[Mark] = []
    for i, s in enumerate(q.content):
        badge = last_badge if i == len(q.content) - 1 else tag
        marks.append(Mark(s.start, s.end, f"q-content {content_classes}", badge,
                          f"{tag} {q.type} quote content", data, style))
    for s in q.direct:
        marks.append(Mark(s.start, s.end, "q-direct", "", f"{tag} verbatim", data, style))
    speaker = _name(registry, q.speaker) or "unnamed speaker"
    if q.cue is not None:
        marks.append(Mark(q.cue.start, q.cue.end, "q-cue", f"{tag} cue", f"{tag} cue", data, style))
    if q.source is not None:
        marks.append(Mark(q.source.start, q.source.end, "q-source", f"{tag} source · {speaker}",
                          f"{tag} source ({q.source_kind}); speaker: {speaker}", data, style))
    if q.addressee is not None:
        marks.append(Mark(q.addressee.start, q.addressee.end, "q-addressee", f"{tag} addressee",
                          f"{tag} addressee", data, style))
    return marks


def _spans_differ(a: Span | None, b: Span | None) -> bool:
    return (a is None) != (b is None) or (a is not None and b is not None and (a.start, a.end) != (b.start, b.end))


def quote_problem(g: Quote, p: Quote) -> str:
    """What is wrong with a paired quote's labels: ``wrong speaker``, ``wrong type`` or both."""
    wrong = [w for w, bad in (("speaker", not speaker_right(g, p)), ("type", g.type != p.type)) if bad]
    return "wrong " + " and ".join(wrong) if wrong else ""


def _quote_marks(rows: Sequence[Aligned[Quote]], tags: dict[int, str], registry: dict[str, str],
                 diff: bool) -> list[Mark]:
    marks: list[Mark] = []
    for i, r in enumerate(rows):
        tag = tags[i]
        if r.status == "fp":
            colours = SPURIOUS_COLOURS
        else:
            colours = QUOTE_COLOURS[sum(1 for j in range(i) if rows[j].status != "fp") % len(QUOTE_COLOURS)]
        q = r.item
        if not diff:
            marks += _quote_part_marks(q, tag, f"q{i}", colours, registry, "", f"{tag} · {q.type}")
            continue
        g, p = r.gold, r.pred
        what = quote_problem(g, p).upper() if g is not None and p is not None and r.status == "label" else ""
        marks += _quote_part_marks(q, tag, f"q{i}", colours, registry, f"diff-{r.status}",
                                   f"{tag} {what or STATUS_BADGE[r.status]}")
        if g is not None and p is not None:
            for role in ("cue", "source"):
                ps = getattr(p, role)
                if ps is not None and _spans_differ(getattr(g, role), ps):
                    marks.append(Mark(ps.start, ps.end, "pred-span", f"pred {role}", f"{tag}: predicted {role}",
                                      (("data-link", f"q{i}"),)))
            gk = {(s.start, s.end) for s in g.content}
            for s in p.content:
                if (s.start, s.end) not in gk:
                    marks.append(Mark(s.start, s.end, "pred-span", "pred content", f"{tag}: predicted content",
                                      (("data-link", f"q{i}"),)))
    return marks


def _event_title(e: Event, tag: str) -> str:
    args = "; ".join(f"{a.role}: {a.text}" for a in e.arguments) or "none"
    return f"{tag} {e.type} ({e.realis}, {e.polarity}); arguments: {args}"


def _event_marks(rows: Sequence[Aligned[Event]], tags: dict[int, str], diff: bool) -> list[Mark]:
    marks: list[Mark] = []
    for i, r in enumerate(rows):
        e, tag, data = r.item, tags[i], (("data-link", f"e{i}"),)
        if not diff:
            badge, classes = f"{tag} {e.type}", "ev-trigger"
        else:
            g, p = r.gold, r.pred
            if r.status in ("label", "boundary") and g and p and g.type != p.type:
                badge = f"{tag} {g.type} → {p.type}"
            else:
                badge = f"{tag} {STATUS_BADGE[r.status]} {e.type}"
            classes = f"ev-trigger diff-{r.status}"
        marks.append(Mark(e.trigger.start, e.trigger.end, classes, badge, _event_title(e, tag), data))
        for a in e.arguments:
            marks.append(Mark(a.start, a.end, "ev-arg", "", f"{tag} {e.type} · {a.role}", data))
        if diff and r.status == "boundary" and r.pred is not None:
            t = r.pred.trigger
            marks.append(Mark(t.start, t.end, "pred-span", f"pred {r.pred.type}", _event_title(r.pred, "pred"), data))
    return marks


# ------------------------------------------------------------------------------------------------
# Panels
# ------------------------------------------------------------------------------------------------

def _legend_item(classes: str, text: str, style: str = "") -> str:
    st = f' style="{esc(style)}"' if style else ""
    return f'<span class="m {esc(classes)}"{st}>{esc(text)}</span>'


def _diff_legend(base: str, style: str = "") -> str:
    items = [_legend_item(f"{base} diff-{s}", STATUS_TEXT[s], style) for s in ("correct", "fn", "fp", "label",
                                                                                   "boundary")]
    items.append(_legend_item("pred-span", "predicted span (when boundaries differ)"))
    return '<div class="legend">' + "".join(items) + "</div>"


def _status_counts(rows: Sequence[Aligned[object]]) -> str:
    c = Counter(r.status for r in rows)
    parts = [f'<span class="st-{s}">{esc(STATUS_TEXT[s])}: {c[s]}</span>' for s in STATUS_TEXT if c[s]]
    return '<p class="note">' + (" · ".join(parts) or "nothing to compare") + "</p>"


def _ctx(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return f"{esc(left)}<b>{esc(text[start:end])}</b>{esc(right)}"


def _entities_panel(doc: Document, pred: Prediction | None) -> str:
    diff = pred is not None and pred.entities is not None
    if diff:
        assert pred is not None
        rows = align_entities(doc.entities, pred.entities or ())
    else:
        rows = [Aligned("correct", e, None) for e in sorted(doc.entities, key=lambda e: (e.start, e.end, e.id))]
    out = ['<section id="entities"><h2>Entities</h2>']
    if diff:
        out.append(_diff_legend("ent", "--c:#eeeeee"))
        out.append(_status_counts(rows))
    else:
        labels = sorted({e.label for e in doc.entities})
        out.append('<div class="legend">' + "".join(_legend_item("ent", lab, _colour(lab)) for lab in labels)
                   + "</div>")
    out.append(f'<div class="text">{render_text(doc.text, _entity_marks(rows, diff))}</div>')
    if diff:
        errs = [r for r in rows if r.status != "correct"]
        if errs:
            out.append("<table><tr><th>status</th><th>gold</th><th>predicted</th><th>context</th></tr>")
            for r in errs:
                g, p, e = r.gold, r.pred, r.item
                out.append(f'<tr class="row-{r.status}"><td class="st-{r.status}">{esc(STATUS_TEXT[r.status])}</td>'
                           f"<td>{esc(f'{g.text} · {g.label}') if g else '—'}</td>"
                           f"<td>{esc(f'{p.text} · {p.label}') if p else '—'}</td>"
                           f"<td>{_ctx(doc.text, e.start, e.end)}</td></tr>")
            out.append("</table>")
    elif pred is not None:
        out.append('<p class="note">The predictions do not provide entities.</p>')
    out.append("</section>")
    return "\n".join(out)


def _tag_cell(tag: str, r: Aligned[Quote] | Aligned[Event]) -> str:
    """Spurious items are numbered P1, P2, ...; their own id (which may clash with gold ids) in brackets."""
    return f"{tag} (predicted id {r.item.id})" if r.gold is None and r.item.id else tag


def _span_text(s: Span | None) -> str:
    return "—" if s is None else s.text


def _quote_cells(q: Quote, registry: dict[str, str]) -> tuple[str, str, str, str, str]:
    speaker = _name(registry, q.speaker)
    spk = f"{speaker} ({q.speaker})" if q.speaker and speaker != q.speaker else (q.speaker or "— (unnamed)")
    return (f"{q.type} / {q.source_kind}", spk, _span_text(q.source), _span_text(q.cue),
            " … ".join(s.text for s in q.content))


def _row_tags(rows: Sequence[Aligned[Any]], prefix: str) -> dict[int, str]:
    """Row tags: the gold id (or prefix + ordinal); P1, P2, ... for spurious predictions."""
    tags: dict[int, str] = {}
    n_gold = n_pred = 0
    for i, r in enumerate(rows):
        if r.gold is not None:
            n_gold += 1
            tags[i] = r.gold.id or f"{prefix}{n_gold}"
        else:
            n_pred += 1
            tags[i] = f"P{n_pred}"
    return tags


def _quotes_panel(doc: Document, pred: Prediction | None, registry: dict[str, str]) -> str:
    diff = pred is not None and pred.quotes is not None
    if diff:
        assert pred is not None
        rows = align_quotes(doc.quotes, pred.quotes or ())
    else:
        rows = [Aligned("correct", q, None) for q in doc.quotes]
    tags = _row_tags(rows, "Q")
    out = ['<section id="quotes"><h2>Quotes</h2>']
    demo = "--qc:#fff1a8;--qd:#9a6700"
    out.append('<div class="legend">' + _legend_item("q-content", "content (quote colour, tag Q…)", demo)
               + _legend_item("q-cue", "cue", demo) + _legend_item("q-source", "source · speaker", demo)
               + _legend_item("q-addressee", "addressee", demo)
               + '<span class="note">hover any part to highlight the whole quote</span></div>')
    if diff:
        out.append(_diff_legend("q-content", demo))
        out.append(_status_counts(rows))
    out.append(f'<div class="text">{render_text(doc.text, _quote_marks(rows, tags, registry, diff))}</div>')
    if rows:
        head = "<tr><th>quote</th>" + ("<th>status</th>" if diff else "") + (
            "<th>type / source kind</th><th>speaker</th><th>source</th><th>cue</th><th>content</th></tr>")
        out.append("<table>" + head)
        for i, r in enumerate(rows):
            cells = _quote_cells(r.item, registry)
            if diff and r.gold is not None and r.pred is not None:
                pc = _quote_cells(r.pred, registry)
                shown = [esc(c) if c == d else f"{esc(c)}<br><i>pred:</i> {esc(d)}" for c, d in zip(cells, pc,
                                                                                                   strict=True)]
            else:
                shown = [esc(c) for c in cells]
            what = quote_problem(r.gold, r.pred) if r.gold and r.pred and r.status == "label" else ""
            status = f'<td class="st-{r.status}">{esc(what or STATUS_TEXT[r.status])}</td>' if diff else ""
            out.append(f'<tr data-link="q{i}"><td>{esc(_tag_cell(tags[i], r))}</td>{status}'
                       + "".join(f"<td>{c}</td>" for c in shown) + "</tr>")
        out.append("</table>")
    if pred is not None and not diff:
        out.append('<p class="note">The predictions do not provide quotes.</p>')
    out.append("</section>")
    return "\n".join(out)


def _args_cell(r: Aligned[Event], diff: bool) -> str:
    if not diff:
        return "<br>".join(esc(f"{a.role}: {a.text}" + (f" [{a.entity}]" if a.entity else ""))
                           for a in r.item.arguments) or "—"
    d = argument_diff(r.gold, r.pred)
    parts = [f'<span class="ok">✓ {esc(a.role)}: {esc(a.text)}</span>' for a in d.matched]
    parts += [f'<span class="bad">missed {esc(a.role)}: {esc(a.text)}</span>' for a in d.missed]
    parts += [f'<span class="extra">spurious {esc(a.role)}: {esc(a.text)}</span>' for a in d.spurious]
    return "<br>".join(parts) or "—"


def _events_panel(doc: Document, pred: Prediction | None) -> str:
    diff = pred is not None and pred.events is not None
    if diff:
        assert pred is not None
        rows = align_events(doc.events, pred.events or ())
    else:
        rows = [Aligned("correct", e, None) for e in doc.events]
    tags = _row_tags(rows, "V")
    out = ['<section id="events"><h2>Events</h2>', '<div class="legend">'
           + _legend_item("ev-trigger", "trigger · type") + _legend_item("ev-arg", "argument (hover for role)")
           + "</div>"]
    if diff:
        out.append(_diff_legend("ev-trigger"))
        out.append(_status_counts(rows))
    out.append(f'<div class="text">{render_text(doc.text, _event_marks(rows, tags, diff))}</div>')
    if rows:
        out.append("<table><tr><th>event</th>" + ("<th>status</th>" if diff else "")
                   + "<th>type</th><th>trigger</th><th>realis / polarity</th><th>arguments</th></tr>")
        for i, r in enumerate(rows):
            e, g, p = r.item, r.gold, r.pred
            etype = f"{g.type} → {p.type}" if g and p and g.type != p.type else e.type
            rp = f"{e.realis} / {e.polarity}"
            if g and p and (g.realis, g.polarity) != (p.realis, p.polarity):
                rp += f" (pred {p.realis} / {p.polarity})"
            trig = e.trigger.text + (f" (pred {p.trigger.text!r})" if g and p and g.trigger != p.trigger else "")
            status = f'<td class="st-{r.status}">{esc(STATUS_TEXT[r.status])}</td>' if diff else ""
            out.append(f'<tr data-link="e{i}"><td>{esc(_tag_cell(tags[i], r))}</td>{status}<td>{esc(etype)}</td>'
                       f"<td>{esc(trig)}</td><td>{esc(rp)}</td><td>{_args_cell(r, diff)}</td></tr>")
        out.append("</table>")
    if pred is not None and not diff:
        out.append('<p class="note">The predictions do not provide events.</p>')
    out.append("</section>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------

def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n{body}\n"
            f"<script>{SCRIPT}</script>\n</body></html>\n")


def _meta_line(doc: Document) -> str:
    items = [("id", doc.id), ("publisher", doc.publisher), ("date", doc.date), ("genre", doc.genre),
             ("split", doc.split), ("licence", doc.license)]
    parts = [f"<span><b>{esc(k)}</b> {esc(v)}</span>" for k, v in items if v]
    if doc.url.startswith(("https://", "http://")):
        parts.append(f'<span><a href="{esc(doc.url)}" rel="noopener noreferrer">source</a></span>')
    return '<p class="meta">' + "".join(parts) + "</p>"


def render_document(doc: Document, pred: Prediction | None, registry: dict[str, str],
                    nav: tuple[str | None, str | None] = (None, None), pred_source: str = "",
                    pred_layers: Sequence[str] = ()) -> str:
    """One document page. ``pred`` (possibly empty) turns every predicted layer into a diff."""
    prev_link = f' · <a href="{esc(nav[0])}">← previous</a>' if nav[0] else ""
    next_link = f' · <a href="{esc(nav[1])}">next →</a>' if nav[1] else ""
    body = [f'<nav><a href="index.html">index</a>{prev_link}{next_link}</nav>',
            f"<h1>{esc(doc.title or doc.id)}</h1>", _meta_line(doc)]
    if pred is not None:
        scores = doc_scores(doc, pred, pred_layers)
        names = {"entities": "entities strict", "quotes": "quotes end-to-end", "events": "events trig_c"}
        cells = " · ".join(f"{names[la]} F1 <b>{_fmt(s.f1)}</b> (tp {s.tp:g}, pred {s.n_pred:g}, gold {s.n_gold:g})"
                           for la, s in scores.items())
        body.append(f'<p class="scores">Predictions <code>{esc(pred_source)}</code>: {cells}</p>')
    body.append(_entities_panel(doc, pred))
    body.append(_quotes_panel(doc, pred, registry))
    body.append(_events_panel(doc, pred))
    return _page(f"{doc.id} · Enquête", "\n".join(body))


def render_index(docs: Sequence[Document], names: dict[str, str], corpus: Corpus,
                 preds: dict[str, Prediction] | None, layers: Sequence[str], pred_source: str = "",
                 missing: Sequence[str] = ()) -> str:
    """The index: one row per document with counts; with predictions, per-layer F1, worst first."""
    scores = {d.id: doc_scores(d, preds.get(d.id) or Prediction(d.id), layers) for d in docs} if preds is not None \
        else {}
    rows = list(docs)
    if preds is not None:
        def key(d: Document) -> tuple[bool, float, str]:
            m = _mean_f1(scores[d.id])
            return (m is None, m if m is not None else 0.0, d.id)

        rows.sort(key=key)
    head = ["document", "title", "split", "genre", "entities", "quotes", "events"]
    if preds is not None:
        head += [f"{la} F1" for la in layers] + ["mean F1"]
    body = ["<h1>Enquête viewer</h1>",
            f'<p class="meta"><span><b>corpus</b> {esc(corpus.source)}</span><span><b>hash</b> {esc(corpus.hash)}'
            f"</span><span><b>documents</b> {len(docs)}</span></p>"]
    if preds is not None:
        body.append(f'<p>Predictions <code>{esc(pred_source)}</code>, layers {esc(", ".join(layers) or "none")}. '
                    "Per-document F1 of each layer's main metric (entities strict, quotes end-to-end, events "
                    "trigger classification); sorted worst first.</p>")
        if missing:
            body.append(f'<p class="note">{len(missing)} document(s) have no prediction and are shown as '
                        "all missed.</p>")
    body.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    for d in rows:
        cells = [f'<a href="{esc(names[d.id])}">{esc(d.id)}</a>', esc(d.title), esc(d.split), esc(d.genre),
                 str(len(d.entities)), str(len(d.quotes)), str(len(d.events))]
        if preds is not None:
            cells += [_fmt(scores[d.id][la].f1) for la in layers] + [_fmt(_mean_f1(scores[d.id]))]
        body.append("<tr>" + "".join(f'<td class="num">{c}</td>' if i >= 4 else f"<td>{c}</td>"
                                     for i, c in enumerate(cells)) + "</tr>")
    body.append("</table>")
    return _page("Enquête viewer", "\n".join(body))


def _select(corpus: Corpus, doc_ids: Sequence[str]) -> list[Document]:
    by_id = corpus.by_id()
    if not doc_ids:
        if not corpus.documents:
            raise InputError(f"{corpus.source}: the corpus has no documents to show")
        return list(corpus.documents)
    unknown = [d for d in doc_ids if d not in by_id]
    if unknown:
        hints = []
        for d in unknown[:3]:
            close = difflib.get_close_matches(d, list(by_id), n=1)
            hints.append(f"{d!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise InputError(f"unknown document id(s) {', '.join(hints)}{more}: not in corpus {corpus.source} "
                         f"({len(by_id)} documents; `enquete stats` lists them by split)")
    return [by_id[d] for d in dict.fromkeys(doc_ids)]


def show(corpus_path: Path, doc_ids: list[str], pred_path: Path | None, out_dir: Path) -> list[Path]:
    """Write the viewer for ``doc_ids`` (all documents when empty) into ``out_dir``; returns the pages.

    With ``pred_path`` (a predictions JSONL checked like the scorer checks it), pages show the diff.
    ``out_dir`` is replaced atomically; a non-empty folder not written by ``show`` is never replaced.
    """
    corpus = load_corpus(Path(corpus_path))
    docs = _select(corpus, doc_ids)
    preds: dict[str, Prediction] | None = None
    layers: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    source = ""
    if pred_path is not None:
        try:
            pset = load_predictions(Path(pred_path), docs, allow_missing=True,
                                    corpus_ids=[d.id for d in corpus.documents])
        except InputError as exc:
            raise InputError(f"cannot show predictions: {exc} — are these predictions for another corpus or "
                             f"corpus version? (this corpus: {corpus.source}, hash {corpus.hash})") from None
        if not doc_ids:
            # A predictions file for one split: show that split (missing documents stay visible as misses).
            covered = {d.split for d in docs if d.id in pset.by_id}
            docs = [d for d in docs if d.split in covered] or docs
        texts = {d.id: d.text for d in docs}
        preds = {k: with_texts(p, texts[k]) for k, p in pset.by_id.items() if k in texts}
        layers, source = pset.layers, Path(pred_path).name
        missing = tuple(sorted(set(texts) - set(preds)))
    registry = {r.id: r.name for r in corpus.registry}
    names = page_names([d.id for d in docs])
    order = [names[d.id] for d in docs]

    def fill(tmp: Path) -> list[Path]:
        written = [tmp / "index.html"]
        (tmp / "index.html").write_text(render_index(docs, names, corpus, preds, layers, source, missing),
                                        encoding="utf-8")
        for i, d in enumerate(docs):
            nav = (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)
            pred = None if preds is None else preds.get(d.id) or Prediction(
                d.id, *(() if la in layers else None for la in LAYERS))
            page = render_document(d, pred, registry, nav, source, layers)
            (tmp / names[d.id]).write_text(page, encoding="utf-8")
            written.append(tmp / names[d.id])
        return written

    return replace_output_dir(Path(out_dir), MARKER, fill)
