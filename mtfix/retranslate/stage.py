"""The re-translation stage: replace or flag sentences the source does not support.

For each aligned (Chinese, English) pair of a trusted source analysis whose confidence
(:attr:`SourceAnalysis.confidence`, from :mod:`mtfix.confidence.scoring`) is below
``config.sentence_threshold``:

- with a model (``config.model``, engine ``config.engine``): translate the Chinese with
  the names the source checks know masked (:mod:`mtfix.retranslate.masking`); the
  candidate replaces the English when both its model confidence and its sentence
  confidence beat the original's by ``config.retranslate_margin``, else it is shown in a
  flagged edit;
- with candidates (other translations of the source, given to the repair and aligned
  to its sentences: :mod:`mtfix.retranslate.candidates`): the candidate's sentences for
  the same Chinese sentences compete too, judged by the same confidence model
  (:attr:`SourceAnalysis.scorer`) and name checks (one that drops a known name loses).
  Without a model score, a candidate that is better across the document (more
  confident, :data:`DOCUMENT_GAIN`, or as confident, no shorter and covering more of the
  Chinese, :data:`DOCUMENT_COVERAGE_GAIN`) is trusted on its low sentences; otherwise one
  sentence's evidence is weak, so the proposal must beat the English by twice the margin
  (:data:`CONFIDENCE_ONLY_FACTOR`), not cover less of the Chinese (dictionary coverage,
  :data:`COVERAGE_SLACK`) and come closer to it in embedding similarity, unless it is
  far more confident (:data:`MIN_SIMILARITY_GAIN`, :data:`CLEAR_GAIN`).  With a model,
  its score must improve by the margin as well.
  The best proposal that wins replaces the English, and ``data["origin"]`` says where
  it came from;
- without a model or candidates: the sentence is flagged for review.

An engine that cannot score (``Engine.can_score`` false: the ``command`` engine) only
proposes re-translations, judged by the confidence model alone.

Model scores are kept in :attr:`SourceAnalysis.model_scores`, so the confidence step and
this one score each pair once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtfix.config import RepairConfig
from mtfix.edits import Edit
from mtfix.registry import FixContext, Resource, fixer
from mtfix.retranslate.masking import known_names, mask, protected_terms, restore
from mtfix.source.analysis import AlignedPair, SourceAnalysis

if TYPE_CHECKING:
    from mtfix.retranslate.engines import Engine
    from mtfix.rules.glossary import Glossary

#: engine_options keys this stage reads (the rest configure the engine).
STAGE_OPTIONS = ("score_midpoint", "score_scale")
#: The confidence of an edit that replaces a sentence by a candidate's (or by an engine's
#: that cannot score, judged the same way): about the share of such replacements that
#: improve the sentence (bench/candidates.py, WMT zh→en dev: over 80% by MQM where
#: rated, over 90% by chrF).  The edit gate (``edit_threshold``) compares it like any
#: other edit's.
CANDIDATE_CONFIDENCE = 0.8
#: Judged by the confidence model alone (no model score, no support across the
#: document), a proposal must beat the sentence by this many margins: the model tells
#: two fluent translations apart poorly, and at one margin a weak system's sentences
#: replaced a strong one's about as often as they were right (bench/candidates.py).
CONFIDENCE_ONLY_FACTOR = 2.0
#: Judged on its own sentence without a model score, a proposal that covers this much
#: less of the Chinese than the English (share of its content words with a CC-CEDICT
#: gloss in the text) drops content and loses.
COVERAGE_SLACK = 0.05
#: A candidate must also be this much closer to the Chinese than the English (embedding
#: similarity): on WMT22 dev (tune half) it keeps 7 of 8 replacements that improve chrF,
#: and drops most of those a worse candidate would make …
MIN_SIMILARITY_GAIN = 0.02
#: … unless its confidence beats the English's by this much (a wrong number or name
#: fixed: the English may be close to the Chinese in embedding and still wrong).
CLEAR_GAIN = 0.4
#: A candidate that is better across the document (its sentences' mean confidence beats
#: the English's by this much) is trusted on a low sentence unless it scores more than
#: DOCUMENT_SLACK below it there.  Tuned on the WMT22 half of bench/candidates.py's data.
DOCUMENT_GAIN = 0.05
DOCUMENT_SLACK = 0.05
#: So is a candidate at least as confident and no shorter across the document whose
#: sentences cover this much more of the Chinese on average (dictionary coverage): the
#: stronger system of a pair covers more of the source in 28 of 30 WMT news documents,
#: while the confidence model prefers it in 19; a terser, word-for-word rendering covers
#: more glosses too, hence the length.  Tuned on bench/candidates.py's WMT22 and TED
#: documents (WMT23 held out).
DOCUMENT_COVERAGE_GAIN = 0.04
#: Default calibration of mean token log-probability into [0, 1].
SCORE_MIDPOINT = -1.5
SCORE_SCALE = 2.0


def _load_engine(config: RepairConfig, glossary: Glossary) -> Engine | None:
    if not config.model:
        return None
    from mtfix.retranslate.engines import EngineOptions, load_engine

    options = EngineOptions.from_mapping(dict(config.engine_options), ignore=STAGE_OPTIONS)
    return load_engine(config.model, config.engine, options)


#: The configured engine, loaded once per repairer; ``None`` without a model.
ENGINE: Resource[Engine | None] = Resource("retranslate.engine", _load_engine)


def score_to_confidence(score: float, config: RepairConfig | None = None) -> float:
    """Map a mean token log-probability to [0, 1] with a logistic curve.

    The defaults (midpoint -1.5, scale 2) put a typical fluent opus-mt
    translation (about -0.5) near 0.88 and a poor one (-3) near 0.05; set
    ``engine_options`` ``score_midpoint``/``score_scale`` to recalibrate.
    """
    opts = dict(config.engine_options) if config is not None else {}
    midpoint = float(opts.get("score_midpoint", SCORE_MIDPOINT))
    scale = float(opts.get("score_scale", SCORE_SCALE))
    z = scale * (score - midpoint)
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def model_scores(ctx: FixContext, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Model scores (mean token log-probability) of (zh, en) pairs, cached in the analysis.

    Raises when no model is configured; check ``ctx.resource(ENGINE)`` first.
    """
    engine = ctx.resource(ENGINE)
    if engine is None:
        raise RuntimeError("no model configured (RepairConfig.model)")
    cache = ctx.analysis.model_scores if ctx.analysis is not None else {}
    todo = sorted({p for p in pairs if p not in cache})
    if todo:
        scores = engine.score_batch([z for z, _ in todo], [e for _, e in todo])
        cache.update(zip(todo, scores, strict=True))
    return [cache[p] for p in pairs]


def _sentence_confidence(confidences: dict[int, float], en_ids: Sequence[int]) -> float | None:
    known = [confidences[i] for i in en_ids if i in confidences]
    return min(known) if known else None


@fixer("retranslate.sentences", stage="retranslate", order=100, severity="info")
def retranslate_sentences(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Re-translate (or flag) sentences whose confidence against the source is low."""
    analysis = ctx.analysis
    if analysis is None or not analysis.trusted or ctx.ledger is None:
        return
    config = ctx.config
    confidences = analysis.confidence
    engine = ctx.resource(ENGINE)
    scoring = engine is not None and engine.can_score
    pairs = analysis.links(ctx.ledger)
    own: dict[int, float] = {}
    if scoring:
        unscored = [
            k for k, p in enumerate(pairs) if _sentence_confidence(confidences, p.en_ids) is None
        ]
        scores = model_scores(ctx, [(pairs[k].zh, pairs[k].en) for k in unscored])
        own = {k: score_to_confidence(s, config) for k, s in zip(unscored, scores, strict=True)}
    low: list[tuple[AlignedPair, float]] = []
    for k, pair in enumerate(pairs):
        conf = _sentence_confidence(confidences, pair.en_ids)
        conf = own.get(k) if conf is None else conf
        if conf is not None and conf < config.sentence_threshold:
            low.append((pair, conf))
    if not low:
        return
    if engine is None and not analysis.candidates:
        for pair, conf in low:
            yield _low_flag(ctx, pair, conf)
        return
    yield from _compete(ctx, engine, low, pairs)


def _low_flag(ctx: FixContext, pair: AlignedPair, conf: float) -> Edit:
    threshold = ctx.config.sentence_flag_threshold
    return ctx.edit(
        pair.start,
        pair.end,
        pair.en,
        f"low confidence against the source ({conf:.2f} < {threshold:.2f}); review, or "
        "configure a model or give a candidate translation to re-translate",
        confidence=conf,
        data={"confidence": conf, "sentence_confidence": conf, "en_ids": list(pair.en_ids)},
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@dataclass
class _Proposal:
    """Another English for a low sentence: a re-translation or a candidate's sentences."""

    origin: str
    text: str
    from_engine: bool
    confidence: float | None = None
    model_score: float | None = None
    model_confidence: float | None = None
    #: Known names of the sentence the English keeps and the proposal does not.
    lost_names: tuple[str, ...] = ()
    #: A candidate's embedding similarity to the Chinese minus the English's.
    similarity_gain: float | None = None
    #: How much better the candidate scores than the English across the whole document.
    document_gain: float | None = None
    #: The proposal's coverage of the Chinese minus the English's (:func:`source_coverage`).
    coverage_gain: float | None = None
    #: How much more of the Chinese the candidate covers across the document, on average.
    document_coverage_gain: float | None = None
    #: The candidate's length across the document over the English's.
    document_length_ratio: float | None = None

    def backed_by_document(self) -> bool:
        """Better across the document: more confident, or as confident, no shorter and
        covering more of the Chinese."""
        gain, coverage, length = (
            self.document_gain,
            self.document_coverage_gain,
            self.document_length_ratio,
        )
        if gain is None:
            return False
        if gain >= DOCUMENT_GAIN:
            return True
        return (
            gain >= 0
            and coverage is not None
            and coverage >= DOCUMENT_COVERAGE_GAIN
            and length is not None
            and length >= 1.0
        )


def _names_kept(names: Sequence[tuple[str, str]], en: str) -> set[str]:
    low = en.casefold()
    return {e for _, e in names if e.casefold() in low}


def _compete(
    ctx: FixContext,
    engine: Engine | None,
    low: list[tuple[AlignedPair, float]],
    pairs: list[AlignedPair],
) -> Iterator[Edit]:
    from mtfix.source.checks.entities import entities_for

    config = ctx.config
    analysis = ctx.analysis
    assert analysis is not None
    scoring = engine is not None and engine.can_score
    protected = [protected_terms(ctx.glossary, entities_for(ctx, p.zh)) for p, _ in low]
    masked = [mask(p.zh, terms) for (p, _), terms in zip(low, protected, strict=True)]
    hyps = (
        engine.translate_batch([m.text for m in masked]) if engine is not None else [[]] * len(low)
    )
    origin = _engine_origin(config, engine)
    proposals: list[list[_Proposal]] = []
    for k, (pair, _) in enumerate(low):
        found: list[_Proposal] = []
        if engine is not None and hyps[k]:
            restored = restore(hyps[k][0].text, masked[k])
            if restored:
                found.append(_Proposal(origin, restored, True))
        names = known_names(entities_for(ctx, pair.zh)) + [
            (z, e) for z, e in protected[k] if z in pair.zh
        ]
        kept = _names_kept(names, pair.en)
        for cand in analysis.candidates if _whole(analysis, pair) else ():
            cand_text = cand.for_zh(pair.zh_ids)
            if not cand_text or any(_same(cand_text, p.text) for p in found):
                continue
            lost = tuple(sorted(kept - _names_kept(names, cand_text)))
            found.append(_Proposal(cand.origin, cand_text, False, lost_names=lost))
        proposals.append(found)

    old_scores: list[float] = []
    if scoring:
        old_scores = model_scores(ctx, [(p.zh, p.en) for p, _ in low])
        todo = [
            (p.zh, prop.text)
            for (p, _), props in zip(low, proposals, strict=True)
            for prop in props
        ]
        new = dict(zip(todo, model_scores(ctx, todo), strict=True))
        for (p, _), props in zip(low, proposals, strict=True):
            for prop in props:
                prop.model_score = new[(p.zh, prop.text)]
                prop.model_confidence = score_to_confidence(prop.model_score, config)
    scorer = analysis.scorer
    _similarity_gains(ctx, low, proposals)
    coverage = _Coverage(ctx)
    gains = (
        _document_gains(ctx, pairs, coverage)
        if any(not p.from_engine for ps in proposals for p in ps)
        else {}
    )
    for (pair, _), props in zip(low, proposals, strict=True):
        for prop in props:
            if callable(scorer):
                prop.confidence = float(scorer(pair.zh, prop.text))
                prop.coverage_gain = coverage(pair.zh, prop.text) - coverage(pair.zh, pair.en)
            else:
                prop.confidence = prop.model_confidence
            if not prop.from_engine and prop.origin in gains:
                across = gains[prop.origin]
                prop.document_gain = across.confidence
                prop.document_coverage_gain = across.coverage
                prop.document_length_ratio = across.length_ratio

    for k, ((pair, old_conf), props) in enumerate(zip(low, proposals, strict=True)):
        data: dict[str, Any] = {
            "zh": pair.zh,
            "en_ids": list(pair.en_ids),
            "old_confidence": old_conf,
            "sentence_confidence": old_conf,
        }
        if engine is not None:
            data.update(
                model=config.model,
                engine=engine.kind,
                protected=[{"zh": t.zh, "en": t.en} for t in masked[k].terms],
            )
        old_model = None
        if scoring:
            data["old_score"] = old_scores[k]
            old_model = score_to_confidence(old_scores[k], config)
            data["old_model_confidence"] = old_model
        if engine is not None and not any(p.from_engine for p in props):
            data["candidate_raw"] = hyps[k][0].text if hyps[k] else ""
        if engine is not None and any(p.from_engine and _same(p.text, pair.en) for p in props):
            continue  # the model agrees with the existing English
        props = [p for p in props if not _same(p.text, pair.en)]
        if not props:
            if engine is not None:
                yield ctx.edit(
                    pair.start,
                    pair.end,
                    pair.en,
                    f"low confidence ({old_conf:.2f}); the re-translation lost a protected "
                    "name or was empty, so it is not offered",
                    confidence=old_conf,
                    data=data,
                )
            else:
                yield _low_flag(ctx, pair, old_conf)
            continue
        yield _judge(ctx, pair, old_conf, old_model, props, data)


def _whole(analysis: SourceAnalysis, pair: AlignedPair) -> bool:
    """Whether the pair's English is all there is for its Chinese: no sentence next to it
    was left unaligned.  Otherwise a candidate's group for the same Chinese may cover
    what an unaligned English sentence says too (or the English what the candidate
    leaves to an unaligned Chinese one), and the two are not comparable."""
    links = analysis.alignment
    for k in (pair.link - 1, pair.link + 1):
        if 0 <= k < len(links) and not (links[k][0] and links[k][1]):
            return False
    return True


def _similarity_gains(
    ctx: FixContext, low: list[tuple[AlignedPair, float]], proposals: list[list[_Proposal]]
) -> None:
    """How much closer to the Chinese (embedding similarity) each candidate is than the English."""
    from mtfix.source.embed import ENCODER

    texts: list[str] = []
    for (pair, _), props in zip(low, proposals, strict=True):
        todo = [p.text for p in props if not p.from_engine]
        if todo:
            texts += [pair.zh, pair.en, *todo]
    if not texts:
        return
    vectors = iter(ctx.resource(ENCODER).encode(texts))
    for props in proposals:
        todo_props = [p for p in props if not p.from_engine]
        if not todo_props:
            continue
        zv, ev = next(vectors), next(vectors)
        for prop in todo_props:
            prop.similarity_gain = float(zv @ next(vectors)) - float(zv @ ev)


class _Coverage:
    """:func:`~mtfix.confidence.scoring.source_coverage` of (Chinese, English), cached."""

    def __init__(self, ctx: FixContext) -> None:
        self.ctx = ctx
        self.cache: dict[tuple[str, str], float] = {}

    def __call__(self, zh: str, en: str) -> float:
        from mtfix.confidence.scoring import source_coverage

        key = (zh, en)
        if key not in self.cache:
            self.cache[key] = source_coverage(self.ctx, zh, en)
        return self.cache[key]


@dataclass(frozen=True)
class _DocumentGains:
    """A candidate against the English over the document's sentences it translates."""

    #: Mean confidence minus the English's.
    confidence: float
    #: Mean coverage of the Chinese minus the English's.
    coverage: float
    #: Its length over the English's.
    length_ratio: float


def _document_gains(
    ctx: FixContext, pairs: list[AlignedPair], coverage: _Coverage
) -> dict[str, _DocumentGains]:
    """Per candidate: how it compares with the English across the document."""
    analysis = ctx.analysis
    assert analysis is not None
    scorer = analysis.scorer
    if not callable(scorer):
        return {}
    out: dict[str, _DocumentGains] = {}
    for cand in analysis.candidates:
        diffs: list[tuple[float, float]] = []
        own = other = 0
        for pair in pairs:
            conf = _sentence_confidence(analysis.confidence, pair.en_ids)
            text = cand.for_zh(pair.zh_ids) if _whole(analysis, pair) else None
            if conf is None or not text:
                continue
            own, other = own + len(pair.en.strip()), other + len(text)
            if _same(text, pair.en):
                diffs.append((0.0, 0.0))
                continue
            new = float(scorer(pair.zh, text))
            diffs.append((new - conf, coverage(pair.zh, text) - coverage(pair.zh, pair.en)))
        if diffs:
            out[cand.origin] = _DocumentGains(
                sum(d for d, _ in diffs) / len(diffs),
                sum(c for _, c in diffs) / len(diffs),
                other / max(own, 1),
            )
    return out


def _similar_enough(prop: _Proposal, old_conf: float) -> bool:
    """A candidate must come closer to the Chinese, unless it is far more confident."""
    if prop.similarity_gain is None or prop.similarity_gain >= MIN_SIMILARITY_GAIN:
        return True
    return prop.confidence is not None and prop.confidence >= old_conf + CLEAR_GAIN


def _drops_content(prop: _Proposal, old_model: float | None) -> bool:
    """Judged on its own sentence without a model score, the proposal covers clearly less
    of the Chinese."""
    return (
        old_model is None
        and not prop.backed_by_document()
        and prop.coverage_gain is not None
        and prop.coverage_gain < -COVERAGE_SLACK
    )


def _required_gain(prop: _Proposal, old_model: float | None, margin: float) -> float:
    """How much the proposal's confidence must beat the English's by."""
    if old_model is not None:
        return margin  # the model's score must improve by the margin as well
    if prop.backed_by_document():
        return -DOCUMENT_SLACK
    return CONFIDENCE_ONLY_FACTOR * margin


def _beats(prop: _Proposal, old_conf: float, old_model: float | None, margin: float) -> bool:
    if prop.lost_names or prop.confidence is None or _drops_content(prop, old_model):
        return False
    required = _required_gain(prop, old_model, margin)
    if old_model is None and prop.backed_by_document():
        return prop.confidence >= old_conf + required
    if not _similar_enough(prop, old_conf):
        return False
    if old_model is not None and (
        prop.model_confidence is None or prop.model_confidence < old_model + margin
    ):
        return False
    return prop.confidence >= old_conf + required


def _judge(
    ctx: FixContext,
    pair: AlignedPair,
    old_conf: float,
    old_model: float | None,
    props: list[_Proposal],
    data: dict[str, Any],
) -> Edit:
    """Replace the English by the best proposal that beats it, or show the best one."""
    margin = ctx.config.retranslate_margin
    winners = [p for p in props if _beats(p, old_conf, old_model, margin)]
    ranked = sorted(
        winners or props,
        key=lambda p: (
            not p.lost_names,
            not _drops_content(p, old_model),
            p.confidence if p.confidence is not None else -1.0,
        ),
        reverse=True,
    )
    best = ranked[0]
    required = _required_gain(best, old_model, margin)
    new_conf = best.confidence
    data.update(
        origin=best.origin,
        candidate=best.text,
        new_confidence=new_conf,
        proposals=[
            {
                "origin": p.origin,
                "text": p.text,
                "confidence": p.confidence,
                "names_lost": list(p.lost_names),
                "similarity_gain": p.similarity_gain,
                "document_gain": p.document_gain,
                "coverage_gain": p.coverage_gain,
                "document_coverage_gain": p.document_coverage_gain,
                "document_length_ratio": p.document_length_ratio,
            }
            for p in props
        ],
    )
    if best.model_score is not None:
        data.update(new_score=best.model_score, new_model_confidence=best.model_confidence)
    model_note = ""
    if old_model is not None and best.model_confidence is not None:
        model_note = f", model {old_model:.2f} → {best.model_confidence:.2f}"
    shown = f"{new_conf:.2f}" if new_conf is not None else "not scored"
    if winners:
        verb = "re-translated" if best.from_engine else "replaced by the candidate"
        reason = f"{verb} from {best.origin}: confidence {old_conf:.2f} → {shown}{model_note}"
        if old_model is None and best.backed_by_document():
            reason += f"; it is better across the document ({_document_note(best)})"
    elif best.lost_names:
        reason = (
            f"low confidence ({old_conf:.2f}); {best.origin}'s translation is shown but "
            f"drops or garbles {', '.join(best.lost_names)}"
        )
    elif _drops_content(best, old_model):
        reason = (
            f"low confidence ({old_conf:.2f}); {best.origin}'s translation is shown but "
            f"covers less of the source ({best.coverage_gain:+.2f} of its content words)"
        )
    elif (
        new_conf is not None
        and new_conf >= old_conf + required
        and not _similar_enough(best, old_conf)
    ):
        reason = (
            f"low confidence ({old_conf:.2f}); {best.origin}'s translation is shown "
            f"(confidence {shown}) but is no closer to the source than the English"
        )
    elif new_conf is None:
        reason = (
            f"low confidence ({old_conf:.2f}); {best.origin}'s translation is shown, "
            "unscored (the confidence step did not run)"
        )
    else:
        what = "a re-translation" if best.from_engine else f"{best.origin}'s translation"
        short = (
            f"beat the original by {required:.2f}"
            if required >= 0
            else f"come within {-required:.2f} of the original"
        )
        reason = (
            f"low confidence ({old_conf:.2f}); {what} is shown but does not "
            f"{short} (confidence {shown}{model_note})"
        )
    return ctx.edit(
        pair.start,
        pair.end,
        best.text,
        reason,
        confidence=_edit_confidence(best, bool(winners), old_conf),
        data=data,
    )


def _document_note(prop: _Proposal) -> str:
    gain, coverage = prop.document_gain or 0.0, prop.document_coverage_gain
    note = f"confidence {gain:+.2f}"
    if coverage is not None and gain < DOCUMENT_GAIN:
        note += f", coverage of the source {coverage:+.2f}"
    return note


def _edit_confidence(best: _Proposal, replaces: bool, old_conf: float) -> float:
    """How likely the replacement is right.  One that did not win the comparison is not
    recommended at all (0: the gate never applies it; its own score is in the data)."""
    if not replaces:
        return 0.0
    if best.model_confidence is None:
        return CANDIDATE_CONFIDENCE  # judged by the confidence model alone
    conf = best.confidence if best.confidence is not None else old_conf
    return min(max(conf, 0.0), 1.0)


def _engine_origin(config: RepairConfig, engine: Engine | None) -> str:
    if engine is None:
        return ""
    return engine.origin
