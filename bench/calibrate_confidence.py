"""Calibrate sentence confidence on the WMT zh→en MQM annotations.

For every document of ``../shared/evaldata/dev.jsonl`` (relative to the repository root;
skipped with a message when absent) that has MQM annotations, every rated system and every
rated segment, the pair (source segment, system segment) gets the features of
:func:`mtfix.confidence.features.pair_features`, the same function the pipeline stage uses.
Segments are already aligned, so no sentence alignment is needed; the context features use
a sentence alignment *inside* the segment (sentences left without a counterpart).

Label: the segment has a Major error (severity Major, or weight ≥ 5) from any rater; a
rated segment without error spans is clean.  A logistic regression on standardised
features is evaluated with 5-fold cross-validation grouped by document (ROC-AUC for
"has a Major error", Kendall tau between confidence and the MQM segment penalty — negative
is good: higher confidence, lower penalty), then fitted on all of it and written to
``mtfix/confidence/data/coefficients.json``.  The report also gives, for candidate values
of ``RepairConfig.sentence_threshold``, the out-of-fold share of sentences flagged and the
precision and recall of the flags for a Major error.

The ``with_model`` variant adds the seq2seq model score (mean token log-probability of the
English given the Chinese).  It is fitted only with ``--model`` pointing to a model that
loads (e.g. a local opus-mt-zh-en folder); otherwise the file keeps a documented prior
marked ``"fitted": false``.

Embeddings are cached across runs (``--cache``; default in mtfix's cache folder).

    python bench/calibrate_confidence.py [--model PATH] [--max-systems N] [--json] [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _data import dev_path, load_docs  # noqa: E402

from mtfix.confidence.features import (  # noqa: E402
    BASE_FEATURES,
    MODEL_FEATURE,
    SIGNALS,
    DocumentContext,
    Glosses,
    check_counts,
    pair_features,
)
from mtfix.confidence.logistic import WITH_MODEL, WITHOUT_MODEL  # noqa: E402

COEFFICIENTS = ROOT / "mtfix" / "confidence" / "data" / "coefficients.json"
#: Prior for the model score when no model was available to fit it (see ``prior_with_model``).
PRIOR_MODEL_MEAN = -1.2
PRIOR_MODEL_SCALE = 0.6
PRIOR_MODEL_COEF = -0.8
MAJOR_WEIGHT = 5.0
#: WMT22 has no MQM: a segment whose crowd DA z-score is under this counts as bad (about
#: the worst quarter of its scored segments), a proxy label for fitting only.
DA_BAD = -0.5


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- embeddings, cached on disk ---------------------------------------------------------------


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class CachedEncoder:
    """The sentence encoder behind a persistent cache (an ``.npz`` of hashed texts)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.vectors: dict[str, NDArray[np.float32]] = {}
        self._encoder: Any = None
        self.encoded = 0
        self.seconds = 0.0
        if path is not None and path.exists():
            with np.load(path) as data:
                keys, matrix = data["keys"], data["vectors"]
            self.vectors = {str(k): matrix[i] for i, k in enumerate(keys)}
        self._loaded = len(self.vectors)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        keys = [_key(t) for t in texts]
        missing = list(
            dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self.vectors)
        )
        if missing:
            if self._encoder is None:
                from mtfix.source.embed import load_encoder

                self._encoder = load_encoder()
            t0 = time.perf_counter()
            found = self._encoder.encode(missing)
            self.seconds += time.perf_counter() - t0
            self.encoded += len(missing)
            for text, vec in zip(missing, found, strict=True):
                self.vectors[_key(text)] = vec
        out = np.empty((len(texts), 512), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = self.vectors[k]
        return out

    def save(self) -> None:
        if self.path is None or len(self.vectors) == self._loaded:
            return
        keys = np.array(list(self.vectors))
        matrix = np.stack(list(self.vectors.values())).astype(np.float32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, keys=keys, vectors=matrix)
        tmp.replace(self.path)
        self._loaded = len(self.vectors)


def default_cache() -> Path | None:
    try:
        from mtfix.source.zh import cache_dir

        return cache_dir() / "confidence-calibration-embeddings.npz"
    except (ImportError, OSError):
        return None


# -- the data set -------------------------------------------------------------------------------


@dataclass
class Dataset:
    """One row per rated (document, system, segment)."""

    features: list[dict[str, float]] = field(default_factory=list)
    major: list[int] = field(default_factory=list)
    penalty: list[float] = field(default_factory=list)  # nan when the data has none
    doc: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    testset: list[str] = field(default_factory=list)
    system: list[str] = field(default_factory=list)
    systems_used: dict[str, list[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def matrix(self, names: Sequence[str]) -> NDArray[np.float64]:
        return np.array([[f[n] for n in names] for f in self.features], dtype=np.float64)

    def __len__(self) -> int:
        return len(self.features)

    def subset(self, keep: Sequence[bool]) -> Dataset:
        """The rows where ``keep`` is true."""
        out = Dataset(systems_used=self.systems_used, seconds=self.seconds)
        for name in ("features", "major", "penalty", "doc", "domain", "testset", "system"):
            values = getattr(self, name)
            setattr(out, name, [v for v, k in zip(values, keep, strict=True) if k])
        return out


def rated_segments(doc: dict[str, Any], system: str) -> list[int]:
    rated = (doc.get("mqm_rated") or {}).get(system) or {}
    return sorted(int(k) for k, raters in rated.items() if raters)


def mqm_rated(doc: dict[str, Any]) -> bool:
    """The document has MQM ratings: error spans, or (newstest2021) only segment scores."""
    return bool(doc.get("mqm") or doc.get("mqm_seg_penalty"))


def major_segments(doc: dict[str, Any], system: str) -> set[int]:
    """Segments with a Major error (severity Major or weight ≥ 5) from any rater; for scores
    without spans, an average penalty of 5 or more."""
    if not doc.get("mqm"):
        penalties = (doc.get("mqm_seg_penalty") or {}).get(system) or []
        return {i for i, p in enumerate(penalties) if p is not None and -p >= MAJOR_WEIGHT}
    return {
        int(m["seg"])
        for m in doc.get("mqm") or []
        if m["system"] == system
        and (m.get("severity") == "Major" or float(m.get("weight") or 0) >= MAJOR_WEIGHT)
    }


def labelled_segments(doc: dict[str, Any], system: str) -> dict[int, tuple[int, float]]:
    """Segment → (bad, penalty): a Major MQM error and the MQM penalty where rated, else
    (WMT22) a crowd DA z-score under :data:`DA_BAD` and minus the z-score."""
    if mqm_rated(doc):
        majors = major_segments(doc, system)
        penalties = (doc.get("mqm_seg_penalty") or {}).get(system) or []
        return {
            i: (
                int(i in majors),
                math.nan if i >= len(penalties) or penalties[i] is None else float(penalties[i]),
            )
            for i in rated_segments(doc, system)
        }
    scores = (doc.get("da_z") or {}).get(system) or []
    return {i: (int(z < DA_BAD), -float(z)) for i, z in enumerate(scores) if z is not None}


def testset_group(doc: dict[str, Any]) -> str:
    """wmt22, wmt23 or ted: the groups a split by test set holds out."""
    name = str(doc.get("testset", ""))
    return "ted" if "ted" in name else name.split("-")[0]


def choose_systems(doc: dict[str, Any], max_systems: int | None, rng: random.Random) -> list[str]:
    rated = doc.get("mqm_rated") if mqm_rated(doc) else doc.get("da_z")
    systems = sorted(s for s in (rated or {}) if s in doc["systems"])
    if max_systems and len(systems) > max_systems:
        systems = sorted(rng.sample(systems, max_systems))
    return systems


def _split_en(text: str) -> list[str]:
    from mtfix.document import split_sentences

    return [s.text for s in split_sentences(text)]


def unaligned_inside(zh: str, en: str, encoder: CachedEncoder) -> int:
    """Sentences of a segment pair that the aligner leaves without a counterpart."""
    from mtfix.source import zh as zhmod
    from mtfix.source.align import align

    zh_sents = [s.text for s in zhmod.split_sentences(zh)]
    if len(zh_sents) < 2 and not any(c in en for c in ".?!;"):
        return 0
    en_sents = _split_en(en)
    if len(zh_sents) < 2 and len(en_sents) < 2:
        return 0
    links = align(zh_sents, en_sents, encoder=encoder)
    return sum(len(a) + len(b) for a, b in links if not a or not b)


def collect(
    docs: Sequence[dict[str, Any]],
    *,
    encoder: CachedEncoder,
    max_systems: int | None = None,
    seed: int = 0,
    scorer: Callable[[list[str], list[str]], list[float]] | None = None,
    names: bool = True,
) -> Dataset:
    """Features and labels of every rated segment of every MQM document."""
    from mtfix.config import RepairConfig
    from mtfix.rules.glossary import load_glossary
    from mtfix.source.checks.entities import find_entities
    from mtfix.source.checks.lexicon import Lexicon

    rng = random.Random(seed)
    ds = Dataset()
    from mtfix.source import zh as zhmod

    timing = {"embed": 0.0, "entities": 0.0, "checks": 0.0, "align": 0.0, "model": 0.0}
    glossary = load_glossary(RepairConfig())
    glosses = Glosses()
    segmenter = zhmod.segmenter(zhmod.glossary_terms(glossary))
    lexicon = Lexicon(glossary) if names else None
    for doc in docs:
        if not mqm_rated(doc) and not doc.get("da_z"):
            continue
        source: list[str] = doc["source"]
        systems = choose_systems(doc, max_systems, rng)
        ds.systems_used[doc["doc_id"]] = systems
        t0 = time.perf_counter()
        zh_vecs = encoder.encode(source)
        timing["embed"] += time.perf_counter() - t0
        entities: dict[int, list[Any]] = {}
        words: dict[int, list[tuple[str, str]]] = {}
        for system in systems:
            segments: list[str] = doc["systems"][system]
            labels = labelled_segments(doc, system)
            segs = [i for i in sorted(labels) if i < len(segments)]
            if not segs:
                continue
            t0 = time.perf_counter()
            en_vecs = encoder.encode(segments)
            timing["embed"] += time.perf_counter() - t0
            # The document's medians over all its pairs, rated or not (as the stage sees them).
            pairs = enumerate(zip(source, segments, strict=False))
            both = [k for k, (z, e) in pairs if z.strip() and e.strip()]
            document = DocumentContext.of(
                [float(zh_vecs[k] @ en_vecs[k]) for k in both], [source[k] for k in both]
            )
            model_scores: dict[int, float] = {}
            if scorer is not None:
                t0 = time.perf_counter()
                found = scorer([source[i] for i in segs], [segments[i] for i in segs])
                model_scores = dict(zip(segs, found, strict=True))
                timing["model"] += time.perf_counter() - t0
            for i in segs:
                zh, en = source[i], segments[i]
                if lexicon is not None and i not in entities:
                    t0 = time.perf_counter()
                    entities[i] = find_entities(zh, lexicon, glossary=glossary, unknown=True)
                    timing["entities"] += time.perf_counter() - t0
                t0 = time.perf_counter()
                if i not in words:
                    words[i] = [(w.text, w.tag) for w in segmenter.words(zh)]
                checks = check_counts(zh, en, entities.get(i))
                timing["checks"] += time.perf_counter() - t0
                t0 = time.perf_counter()
                unaligned = unaligned_inside(zh, en, encoder)
                timing["align"] += time.perf_counter() - t0
                feats = pair_features(
                    zh,
                    en,
                    similarity=float(zh_vecs[i] @ en_vecs[i]),
                    checks=checks,
                    zh_words=words[i],
                    glosses=glosses,
                    unaligned_nearby=unaligned,
                    model_score=model_scores.get(i),
                    document=document,
                )
                bad, penalty = labels[i]
                ds.features.append(feats)
                ds.major.append(bad)
                ds.penalty.append(penalty)
                ds.doc.append(doc["doc_id"])
                ds.testset.append(testset_group(doc))
                ds.domain.append(doc.get("domain", ""))
                ds.system.append(system)
    ds.seconds = timing
    return ds


# -- fitting and evaluation ---------------------------------------------------------------------


def _pipeline(c: float = 1.0) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))


def cross_validate(
    ds: Dataset, names: Sequence[str], *, folds: int = 5, c: float = 1.0
) -> tuple[dict[str, Any], NDArray[np.float64]]:
    """Out-of-fold P(major) with documents kept whole, and the metrics on it."""
    from sklearn.model_selection import GroupKFold

    x = ds.matrix(names)
    y = np.array(ds.major)
    groups = np.array(ds.doc)
    oof = np.zeros(len(y))
    splitter = GroupKFold(n_splits=min(folds, len(set(ds.doc))))
    for train, test in splitter.split(x, y, groups):
        model = _pipeline(c).fit(x[train], y[train])
        oof[test] = model.predict_proba(x[test])[:, 1]
    return metrics(ds, oof), oof


def metrics(ds: Dataset, p_error: NDArray[np.float64]) -> dict[str, Any]:
    from scipy.stats import kendalltau
    from sklearn.metrics import roc_auc_score

    y = np.array(ds.major)
    penalty = np.array(ds.penalty)
    confidence = 1.0 - p_error
    known = ~np.isnan(penalty)
    out: dict[str, Any] = {
        "segments": len(y),
        "major_share": round(float(y.mean()), 4),
        "roc_auc": round(float(roc_auc_score(y, p_error)), 4),
        "kendall_tau_confidence_vs_penalty": round(
            float(kendalltau(confidence[known], penalty[known]).statistic), 4
        ),
    }
    by_domain = {}
    domains = np.array(ds.domain)
    for d in sorted(set(ds.domain)):
        m = domains == d
        if len(set(y[m])) == 2:
            by_domain[d] = {
                "segments": int(m.sum()),
                "roc_auc": round(float(roc_auc_score(y[m], p_error[m])), 4),
                "kendall_tau": round(
                    float(kendalltau(confidence[m & known], penalty[m & known]).statistic), 4
                ),
            }
    out["by_domain"] = by_domain
    out["thresholds"] = threshold_table(y, confidence)
    return out


#: Candidate values of ``RepairConfig.sentence_threshold`` the report describes.
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def threshold_table(y: NDArray[np.int_], confidence: NDArray[np.float64]) -> dict[str, Any]:
    """For each threshold: the share of sentences flagged (confidence below it), the share
    of flagged ones with a Major error (precision) and of Major errors flagged (recall)."""
    table = {}
    for t in THRESHOLDS:
        flagged = confidence < t
        n = int(flagged.sum())
        table[str(t)] = {
            "flagged_share": round(float(flagged.mean()), 4),
            "precision": round(float(y[flagged].mean()), 4) if n else None,
            "recall": round(float((flagged & (y == 1)).sum() / max(int(y.sum()), 1)), 4),
        }
    return table


def by_testset(ds: Dataset, names: Sequence[str], *, c: float = 1.0) -> dict[str, Any]:
    """Each test set held out in turn: fitted on the others, evaluated on it (its own
    label: MQM Major, or the DA proxy for WMT22), with its domains and thresholds."""
    out: dict[str, Any] = {}
    groups = sorted(set(ds.testset))
    for held in groups:
        train = ds.subset([t != held for t in ds.testset])
        test = ds.subset([t == held for t in ds.testset])
        if len(set(train.major)) < 2 or len(set(test.major)) < 2:
            continue
        model = _pipeline(c).fit(train.matrix(names), np.array(train.major))
        p_error = model.predict_proba(test.matrix(names))[:, 1]
        out[held] = {"fitted_on": sorted(set(train.testset)), **metrics(test, p_error)}
    return out


def univariate(ds: Dataset, names: Sequence[str]) -> dict[str, float]:
    """ROC-AUC of each feature alone as a predictor of a Major error (0.5: none)."""
    from sklearn.metrics import roc_auc_score

    y = np.array(ds.major)
    x = ds.matrix(names)
    return {n: round(float(roc_auc_score(y, x[:, k])), 4) for k, n in enumerate(names)}


def fit(ds: Dataset, names: Sequence[str], *, c: float = 1.0) -> dict[str, Any]:
    model = _pipeline(c).fit(ds.matrix(names), np.array(ds.major))
    scaler, lr = model.steps[0][1], model.steps[1][1]
    return {
        "fitted": True,
        "features": list(names),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in lr.coef_[0]],
        "intercept": round(float(lr.intercept_[0]), 6),
    }


def prior_with_model(base: dict[str, Any]) -> dict[str, Any]:
    """The with-model variant when no model could be scored: a documented prior.

    The fitted signals keep their coefficients; the model score (mean token
    log-probability, higher is better) is centred at -1.2 with scale 0.6, typical of
    forced decoding of fluent news MT with opus-mt models, and weighted -0.8 per standard
    deviation, about the weight of the strongest fitted signal (source length): forced-
    decoding scores (e.g. Prism-src, Thompson and Post 2020) are among the stronger
    reference-free segment-level quality signals.  Refit with ``--model`` where the
    model is available.
    """
    prior: dict[str, Any] = json.loads(json.dumps(base))
    prior.update(
        fitted=False,
        features=[*base["features"], MODEL_FEATURE],
        mean=[*base["mean"], PRIOR_MODEL_MEAN],
        scale=[*base["scale"], PRIOR_MODEL_SCALE],
        coef=[*base["coef"], PRIOR_MODEL_COEF],
        note=" ".join((prior_with_model.__doc__ or "").split()),
    )
    prior.pop("metrics", None)
    prior.pop("univariate_auc", None)
    return prior


def model_scorer(spec: str, engine: str) -> Callable[[list[str], list[str]], list[float]] | None:
    """The model's ``score_batch``, or ``None`` (with a message) when it cannot be loaded."""
    try:
        from mtfix.retranslate import ModelError, load_engine
    except ImportError as exc:
        log(f"the retranslate package cannot be imported ({exc}); with_model is not fitted")
        return None
    try:
        loaded = load_engine(spec, engine)
    except (ModelError, ImportError, OSError, ValueError) as exc:
        log(f"model {spec!r} is not available ({exc}); with_model is not fitted")
        return None
    return loaded.score_batch


# -- the report ---------------------------------------------------------------------------------


def describe_training(ds: Dataset, max_systems: int | None) -> dict[str, Any]:
    return {
        "data": "WMT zh→en dev.jsonl documents with MQM (evaldata README; not shipped)",
        "documents": len(ds.systems_used),
        "segments": len(ds),
        "systems_per_document": max_systems or "all rated",
        "systems": sorted({s for v in ds.systems_used.values() for s in v}),
        "label": "segment has a Major MQM error (severity Major or weight >= 5) from any rater",
        "validation": "5-fold GroupKFold by document; logistic regression, L2, C=1",
    }


def run(args: argparse.Namespace) -> dict[str, Any] | None:
    path = dev_path()
    docs = [d for d in load_docs() if mqm_rated(d) or (args.with_da and d.get("da_z"))]
    if not docs:
        log(f"no MQM documents at {path}: nothing to calibrate (the shipped coefficients stay)")
        return None
    cache = None if args.no_cache else (Path(args.cache) if args.cache else default_cache())
    encoder = CachedEncoder(cache)
    scorer = model_scorer(args.model, args.engine) if args.model else None
    if not args.model:
        log("no --model given: the with_model variant keeps its documented prior")
    t0 = time.perf_counter()
    ds = collect(docs, encoder=encoder, max_systems=args.max_systems, scorer=scorer)
    encoder.save()
    collect_s = time.perf_counter() - t0
    log(f"{len(ds)} segments in {collect_s:.1f}s ({encoder.encoded} texts embedded)")

    base = list(BASE_FEATURES)
    t0 = time.perf_counter()
    held_out = by_testset(ds, base) if len(set(ds.testset)) > 1 else {}
    if args.fit_on:
        ds = ds.subset([t in args.fit_on for t in ds.testset])
    cv, _ = cross_validate(ds, base)
    variant = fit(ds, base)
    variant["metrics"] = cv
    variant["univariate_auc"] = univariate(ds, list(SIGNALS))
    if held_out:
        variant["held_out_by_testset"] = held_out
    variants: dict[str, Any] = {WITHOUT_MODEL: variant}
    if scorer is not None:
        names = [*base, MODEL_FEATURE]
        cv_m, _ = cross_validate(ds, names)
        with_model = fit(ds, names)
        with_model["metrics"] = cv_m
        with_model["univariate_auc"] = univariate(ds, [*SIGNALS, MODEL_FEATURE])
        with_model["model"] = args.model
        variants[WITH_MODEL] = with_model
    else:
        variants[WITH_MODEL] = prior_with_model(variant)
    fit_s = time.perf_counter() - t0

    report = {
        "description": "confidence = 1 - P(major error); made by bench/calibrate_confidence.py",
        "training": describe_training(ds, args.max_systems),
        "variants": variants,
        "timing_seconds": {
            "collect": round(collect_s, 1),
            "fit_and_cv": round(fit_s, 1),
            "texts_embedded": encoder.encoded,
            **{k: round(v, 1) for k, v in ds.seconds.items()},
        },
    }
    if not args.dry_run:
        out = Path(args.out)
        shipped = {k: v for k, v in report.items() if k != "timing_seconds"}
        out.write_text(json.dumps(shipped, indent=1, ensure_ascii=False) + "\n", "utf-8")
        log(f"wrote {out}")
    return report


def print_report(report: dict[str, Any]) -> None:
    for name, v in report["variants"].items():
        if not v.get("fitted"):
            print(f"{name}: prior (not fitted): {v.get('note', '')[:100]}…")
            continue
        m = v["metrics"]
        print(
            f"{name}: {m['segments']} segments, {m['major_share']:.0%} with a Major error; "
            f"cross-validated ROC-AUC {m['roc_auc']:.3f}, "
            f"Kendall tau(confidence, penalty) {m['kendall_tau_confidence_vs_penalty']:.3f}"
        )
        for d, dm in m["by_domain"].items():
            print(
                f"  {d:8s} {dm['segments']:5d} segments  AUC {dm['roc_auc']:.3f}  "
                f"tau {dm['kendall_tau']:.3f}"
            )
        print("  threshold  flagged  precision  recall (out of fold)")
        for t, row in m["thresholds"].items():
            print(
                f"  {t:9s}  {row['flagged_share']:7.1%}  {row['precision'] or 0:9.3f}  "
                f"{row['recall']:6.3f}"
            )
        print(f"  {'signal':22s} {'coef':>8s} {'AUC alone':>9s}")
        coefs = dict(zip(v["features"], v["coef"], strict=True))
        for f, auc in v["univariate_auc"].items():
            c = f"{coefs[f]:8.3f}" if f in coefs else f"{'unused':>8s}"
            print(f"  {f:22s} {c} {auc:9.3f}")
        print(f"  intercept {v['intercept']:.3f}")
        for held, hm in v.get("held_out_by_testset", {}).items():
            print(
                f"  held out {held:6s} (fitted on {'+'.join(hm['fitted_on'])}): "
                f"{hm['segments']} segments, ROC-AUC {hm['roc_auc']:.3f}, "
                f"tau {hm['kendall_tau_confidence_vs_penalty']:.3f}"
            )
            for d, dm in hm["by_domain"].items():
                print(f"    {d:12s} {dm['segments']:5d} segments  AUC {dm['roc_auc']:.3f}")
    print("timing (s):", report["timing_seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="a seq2seq model (local folder or hub id) to fit with")
    parser.add_argument("--engine", default="ctranslate2", help="ctranslate2 or transformers")
    parser.add_argument(
        "--max-systems",
        type=int,
        default=None,
        help="subsample this many rated systems per document",
    )
    parser.add_argument(
        "--with-da",
        action="store_true",
        help="also use WMT22 documents, labelled by crowd DA z-scores (a proxy)",
    )
    parser.add_argument(
        "--fit-on",
        nargs="+",
        choices=("wmt22", "wmt23", "ted"),
        help="fit the shipped coefficients on these test sets only",
    )
    parser.add_argument("--cache", help="embedding cache file (.npz)")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--out", default=str(COEFFICIENTS))
    parser.add_argument("--dry-run", action="store_true", help="do not write the coefficients")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = run(args)
    if report is None:
        return 0
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
