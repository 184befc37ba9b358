"""Seq2seq engines: forced-decoding scores and beam-search translation.

Two implementations share one interface (:class:`Engine`), layered like
CTranslate2's ``Translator``: data arguments are positional, options are
keyword-only, ``*_batch`` methods split their input into batches of at most
``max_batch_size`` and ``*_iterable`` methods stream any iterable.

- :class:`TransformersEngine`: any ``AutoModelForSeq2SeqLM`` (MarianMT, NLLB,
  M2M100) with PyTorch.
- :class:`CTranslate2Engine`: a CTranslate2 conversion (int8 by default),
  tokenised with the model's Hugging Face tokenizer.

torch, transformers and ctranslate2 are imported when an engine is built,
never when this module is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.retranslate import catalog as registry
from mtfix.retranslate.catalog import BrokenModelError, ModelError

ENGINES = ("ctranslate2", "transformers", "command")


@dataclass(frozen=True)
class EngineOptions:
    """How an engine runs.  ``0`` threads means the library's default."""

    max_batch_size: int = 16
    intra_threads: int = 0
    inter_threads: int = 1
    beam_size: int = 4
    max_length: int = 256
    device: str = "cpu"
    #: CTranslate2: int8 (default on CPU), int8_float16, float16, float32.
    #: transformers: float32 (default), float16, bfloat16.
    compute_type: str | None = None
    #: Language codes for multilingual models (known models set them).
    src_lang: str | None = None
    tgt_lang: str | None = None
    #: The ``command`` engine: seconds one run of the command may take.
    timeout: float = 300.0

    def __post_init__(self) -> None:
        if self.max_batch_size < 1 or self.beam_size < 1 or self.max_length < 1:
            raise ValueError("max_batch_size, beam_size and max_length must be positive")

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], *, ignore: Iterable[str] = ()
    ) -> EngineOptions:
        """Options from ``RepairConfig.engine_options``; unknown keys are an error."""
        fields = {f.name for f in dataclasses.fields(cls)}
        skip = set(ignore)
        unknown = sorted(set(values) - fields - skip)
        if unknown:
            raise ValueError(
                f"unknown engine option(s) {', '.join(unknown)}; known: {', '.join(sorted(fields))}"
            )
        return cls(**{k: v for k, v in values.items() if k in fields})


@dataclass(frozen=True)
class Hypothesis:
    """One translation of a source sentence."""

    text: str
    #: The beam score: the sum of token log-probabilities divided by the
    #: number of generated tokens (EOS included).
    score: float
    tokens: tuple[str, ...] = ()


def _batches(n: int, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


class Engine(ABC):
    """The common interface of the seq2seq engines."""

    #: ``"transformers"`` or ``"ctranslate2"``.
    kind: str = ""
    #: Whether :meth:`score_batch` works; an engine that cannot score (``command``) only
    #: proposes translations, judged by the confidence model.
    can_score: bool = True

    def __init__(self, model: str | Path, options: EngineOptions | None, overrides: Any) -> None:
        self.spec = str(model)
        options = options or EngineOptions()
        self.options = dataclasses.replace(options, **overrides) if overrides else options
        self.path: Path = Path()

    # -- what implementations provide ----------------------------------------
    @abstractmethod
    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        """Scores of one batch."""

    @abstractmethod
    def _translate(
        self,
        sources: list[str],
        prefixes: list[str | None],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        """Translations of one batch."""

    @abstractmethod
    def _source_length(self, text: str) -> int:
        """The length batches are sorted by (tokens)."""

    # -- the public layer ------------------------------------------------------
    def score_batch(self, sources: Sequence[str], targets: Sequence[str], /) -> list[float]:
        """Length-normalised log-probability of each target given its source.

        The mean log-probability per target token, EOS included (forced
        decoding), so that sentences of different lengths compare.
        """
        if len(sources) != len(targets):
            raise ValueError(f"{len(sources)} sources but {len(targets)} targets")
        order = self._length_order(sources)
        scores: list[float] = [0.0] * len(sources)
        for chunk in _batches(len(order), self.options.max_batch_size):
            idx = [order[i] for i in chunk]
            batch = self._score([sources[i] for i in idx], [targets[i] for i in idx])
            for i, s in zip(idx, batch, strict=True):
                scores[i] = s
        return scores

    def translate_batch(
        self,
        sources: Sequence[str],
        /,
        *,
        beam_size: int | None = None,
        max_length: int | None = None,
        num_hypotheses: int = 1,
        target_prefix: Sequence[str | None] | None = None,
    ) -> list[list[Hypothesis]]:
        """Translate each source; each gets ``num_hypotheses`` hypotheses, best first.

        ``target_prefix`` forces each translation to start with the given text.
        """
        beam = beam_size or self.options.beam_size
        length = max_length or self.options.max_length
        if num_hypotheses > beam:
            raise ValueError(f"num_hypotheses ({num_hypotheses}) > beam_size ({beam})")
        prefixes: list[str | None] = list(target_prefix or [None] * len(sources))
        if len(prefixes) != len(sources):
            raise ValueError(f"{len(sources)} sources but {len(prefixes)} target prefixes")
        order = self._length_order(sources)
        out: list[list[Hypothesis]] = [[] for _ in sources]
        for chunk in _batches(len(order), self.options.max_batch_size):
            idx = [order[i] for i in chunk]
            batch = self._translate(
                [sources[i] for i in idx], [prefixes[i] for i in idx], beam, length, num_hypotheses
            )
            for i, hyps in zip(idx, batch, strict=True):
                out[i] = hyps
        return out

    def score_iterable(
        self, pairs: Iterable[tuple[str, str]], /, *, batch_size: int | None = None
    ) -> Iterator[float]:
        """Stream scores for ``(source, target)`` pairs, in order."""
        size = batch_size or self.options.max_batch_size * 8
        it = iter(pairs)
        while chunk := list(itertools.islice(it, size)):
            yield from self.score_batch([s for s, _ in chunk], [t for _, t in chunk])

    def translate_iterable(
        self,
        sources: Iterable[str],
        /,
        *,
        batch_size: int | None = None,
        beam_size: int | None = None,
        max_length: int | None = None,
        num_hypotheses: int = 1,
    ) -> Iterator[list[Hypothesis]]:
        """Stream translations, in order."""
        size = batch_size or self.options.max_batch_size * 8
        it = iter(sources)
        while chunk := list(itertools.islice(it, size)):
            yield from self.translate_batch(
                chunk, beam_size=beam_size, max_length=max_length, num_hypotheses=num_hypotheses
            )

    def _length_order(self, sources: Sequence[str]) -> list[int]:
        """Indices sorted by source length, so batches carry little padding."""
        lengths = [self._source_length(s) for s in sources]
        return sorted(range(len(sources)), key=lambda i: lengths[i])

    @property
    def origin(self) -> str:
        """How a replacement names this engine (``data["origin"]``)."""
        return f"{self.kind}:{Path(self.spec).name or self.spec}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec!r}, path={str(self.path)!r})"


class _Tokenizing:
    """What both engines do with a Hugging Face tokenizer."""

    tokenizer: Any
    lang_token: str | None

    def _load_tokenizer(self, folder: Path, options: EngineOptions, spec: str) -> None:
        from transformers import AutoTokenizer

        src, tgt = options.src_lang, options.tgt_lang
        if src is None and tgt is None:
            src, tgt = registry.language_codes(spec, folder)
        kwargs: dict[str, Any] = {}
        if src is not None:
            kwargs["src_lang"] = src
        if tgt is not None:
            kwargs["tgt_lang"] = tgt
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(folder), **kwargs)
        except (OSError, ValueError, TypeError) as exc:
            raise BrokenModelError(f"cannot load the tokenizer from {folder}: {exc}") from exc
        self.lang_token = None
        if tgt is not None:
            get_lang_id = getattr(self.tokenizer, "get_lang_id", None)
            lang_id = get_lang_id(tgt) if callable(get_lang_id) else None
            if lang_id is None:
                lang_id = self.tokenizer.convert_tokens_to_ids(tgt)
            self.lang_token = self.tokenizer.convert_ids_to_tokens(lang_id)

    def _source_length(self, text: str) -> int:
        return len(self.tokenizer(text)["input_ids"])

    def _target_ids(self, text: str) -> list[int]:
        """Target ids with any language prefix and the EOS, as training saw them.

        Truncated to the model's length limit (the EOS is kept), so a very long
        sentence is scored on its first part instead of overflowing positions.
        """
        ids: list[int] = self.tokenizer(text_target=text, truncation=True)["input_ids"]
        return ids

    def _without_eos(self, ids: list[int]) -> list[int]:
        """``ids`` without a final end token (CTranslate2's convention)."""
        return ids[:-1] if ids and ids[-1] == self.tokenizer.eos_token_id else ids

    def _prefix_ids(self, prefix: str | None) -> list[int]:
        """Ids a translation must start with: the language token and the prefix text."""
        ids: list[int] = []
        if prefix:
            ids = self._without_eos(self._target_ids(prefix))
        if self.lang_token is not None:
            lang_id = self.tokenizer.convert_tokens_to_ids(self.lang_token)
            if not ids or ids[0] != lang_id:
                ids = [lang_id, *ids]
        return ids

    def _decode(self, ids: Sequence[int]) -> str:
        text: str = self.tokenizer.decode(list(ids), skip_special_tokens=True)
        return text.strip()


class TransformersEngine(_Tokenizing, Engine):
    """A transformers seq2seq model (MarianMT, NLLB, M2M100, …) on PyTorch."""

    kind = "transformers"

    def __init__(
        self, model: str | Path, options: EngineOptions | None = None, **overrides: Any
    ) -> None:
        super().__init__(model, options, overrides)
        import torch
        from transformers import AutoModelForSeq2SeqLM

        self._torch = torch
        opts = self.options
        self.path = registry.resolve_transformers(self.spec)
        if opts.intra_threads > 0:
            torch.set_num_threads(opts.intra_threads)
        if opts.inter_threads > 0:
            # Only settable before the first parallel work in the process.
            with contextlib.suppress(RuntimeError):
                torch.set_num_interop_threads(opts.inter_threads)
        dtype = getattr(torch, opts.compute_type or "float32")
        try:
            self.model = AutoModelForSeq2SeqLM.from_pretrained(str(self.path), dtype=dtype)
        except (OSError, ValueError) as exc:
            raise BrokenModelError(f"cannot load the model in {self.path}: {exc}") from exc
        self.model.to(opts.device).eval()
        self._load_tokenizer(self.path, opts, self.spec)
        config = self.model.config
        gen = getattr(self.model, "generation_config", None)
        start = getattr(config, "decoder_start_token_id", None)
        if start is None and gen is not None:
            start = gen.decoder_start_token_id
        self._start_id: int = int(start if start is not None else config.pad_token_id)
        self._pad_id: int = int(self.tokenizer.pad_token_id)

    def _pad(self, rows: list[list[int]]) -> tuple[Any, Any]:
        torch = self._torch
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), self._pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = torch.tensor(r, dtype=torch.long)
            mask[i, : len(r)] = 1
        return ids.to(self.options.device), mask.to(self.options.device)

    def _encode_sources(self, sources: list[str]) -> tuple[Any, Any]:
        rows = [self.tokenizer(s, truncation=True)["input_ids"] for s in sources]
        return self._pad(rows)

    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        torch = self._torch
        input_ids, attention = self._encode_sources(sources)
        labels, label_mask = self._pad([self._target_ids(t) for t in targets])
        start = torch.full((labels.shape[0], 1), self._start_id, dtype=torch.long)
        decoder_inputs = torch.cat([start.to(labels.device), labels[:, :-1]], dim=1)
        with torch.inference_mode():
            logits = self.model(
                input_ids=input_ids,
                attention_mask=attention,
                decoder_input_ids=decoder_inputs,
                decoder_attention_mask=label_mask,
            ).logits.float()
            # <pad> is never a target (Marian starts the decoder with it; CTranslate2
            # drops it from the vocabulary), so the softmax leaves it out.
            logits[..., self._pad_id] = float("-inf")
            logp = torch.log_softmax(logits, dim=-1)
            gathered = logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            token_logp = torch.where(label_mask.bool(), gathered, torch.zeros_like(gathered))
            totals = token_logp.sum(dim=1) / label_mask.sum(dim=1)
        return [float(x) for x in totals.cpu()]

    def _translate(
        self,
        sources: list[str],
        prefixes: list[str | None],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        prefix_ids = [self._prefix_ids(p) for p in prefixes]
        out: list[list[Hypothesis]] = []
        # generate() takes one decoder prompt length per call: group by prefix.
        groups: dict[tuple[int, ...], list[int]] = {}
        for i, p in enumerate(prefix_ids):
            groups.setdefault(tuple(p), []).append(i)
        results: dict[int, list[Hypothesis]] = {}
        for prefix, members in groups.items():
            hyps = self._generate(
                [sources[i] for i in members], list(prefix), beam_size, max_length, num_hypotheses
            )
            results.update(zip(members, hyps, strict=True))
        out = [results[i] for i in range(len(sources))]
        return out

    def _generate(
        self,
        sources: list[str],
        prefix: list[int],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        torch = self._torch
        input_ids, attention = self._encode_sources(sources)
        prompt = torch.tensor([[self._start_id, *prefix]] * len(sources), dtype=torch.long)
        prompt = prompt.to(self.options.device)
        with torch.inference_mode():
            gen = self.model.generate(
                input_ids=input_ids,
                attention_mask=attention,
                decoder_input_ids=prompt,
                num_beams=beam_size,
                num_return_sequences=num_hypotheses,
                max_length=prompt.shape[1] + max_length,
                length_penalty=1.0,
                early_stopping=True,
                do_sample=False,
                suppress_tokens=[self._pad_id],
                forced_eos_token_id=None,  # as CTranslate2: a cut-off output does not end
                output_scores=True,
                return_dict_in_generate=True,
            )
        sequences = gen.sequences
        transition = self.model.compute_transition_scores(
            sequences,
            gen.scores,
            getattr(gen, "beam_indices", None),
            normalize_logits=beam_size == 1,
        )
        out: list[list[Hypothesis]] = []
        for i in range(len(sources)):
            hyps: list[Hypothesis] = []
            for j in range(num_hypotheses):
                row = i * num_hypotheses + j
                new = sequences[row, prompt.shape[1] :].tolist()
                steps = transition[row]
                # Steps after EOS are padding (0 or -inf): count the generated ones.
                n = next(
                    (k + 1 for k, t in enumerate(new) if t == self.tokenizer.eos_token_id), len(new)
                )
                total = float(steps[:n].sum()) if n else 0.0
                # Tokens without EOS, as CTranslate2 returns them.
                ids = self._without_eos([*prefix, *new[:n]])
                hyps.append(
                    Hypothesis(
                        text=self._decode(ids),
                        score=total / max(n, 1),
                        tokens=tuple(self.tokenizer.convert_ids_to_tokens(ids)),
                    )
                )
            hyps.sort(key=lambda h: -h.score)
            out.append(hyps)
        return out


class CTranslate2Engine(_Tokenizing, Engine):
    """A CTranslate2 model (``mtfix models convert``), int8 by default."""

    kind = "ctranslate2"

    def __init__(
        self, model: str | Path, options: EngineOptions | None = None, **overrides: Any
    ) -> None:
        super().__init__(model, options, overrides)
        import ctranslate2

        opts = self.options
        self.path = registry.resolve_ct2(self.spec)
        compute = opts.compute_type or ("int8" if opts.device == "cpu" else "int8_float16")
        try:
            self.translator = ctranslate2.Translator(
                str(self.path),
                device=opts.device,
                compute_type=compute,
                inter_threads=max(opts.inter_threads, 1),
                intra_threads=opts.intra_threads,
            )
        except (RuntimeError, ValueError) as exc:
            raise BrokenModelError(
                f"cannot load the CTranslate2 model in {self.path}: {exc}"
            ) from exc
        self._load_tokenizer(self._tokenizer_folder(), opts, self.spec)
        if opts.device != "cpu":
            self._check_device()

    def _check_device(self) -> None:
        """Fail at load, with a hint, when the GPU libraries are missing.

        CTranslate2 loads cuBLAS on first use, so a missing library would
        otherwise surface in the middle of a document.
        """
        import ctranslate2

        try:
            self.translator.score_batch([["▁"]], [["▁"]])
        except RuntimeError as exc:
            raise ModelError(
                f"CTranslate2 {ctranslate2.__version__} cannot run on {self.options.device}: "
                f"{exc}. Its wheels are built for CUDA 12: install CUDA 12's libraries "
                "(e.g. pip install nvidia-cublas-cu12), or use the transformers engine "
                "or the CPU"
            ) from exc

    def _tokenizer_folder(self) -> Path:
        """The converted folder when it holds the tokenizer, else the original beside it."""
        if not registry.missing_tokenizer_files(self.path):
            return self.path
        if self.path.name.endswith(registry.CT2_SUFFIX):
            sibling = self.path.with_name(self.path.name[: -len(registry.CT2_SUFFIX)])
            if sibling.is_dir() and not registry.missing_tokenizer_files(sibling):
                return sibling
        missing = registry.missing_tokenizer_files(self.path)
        raise BrokenModelError(
            f"CTranslate2 model folder {self.path} has no tokenizer: missing "
            f"{', '.join(missing)}. Convert with `mtfix models convert` (copies it) or copy "
            "the tokenizer files from the transformers model"
        )

    def _tokens(self, ids: Sequence[int]) -> list[str]:
        tokens: list[str] = self.tokenizer.convert_ids_to_tokens(list(ids))
        return tokens

    def _source_tokens(self, text: str) -> list[str]:
        return self._tokens(self.tokenizer(text, truncation=True)["input_ids"])

    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        # CTranslate2 appends the end token itself.
        target_tokens = [self._tokens(self._without_eos(self._target_ids(t))) for t in targets]
        results = self.translator.score_batch(
            [self._source_tokens(s) for s in sources],
            target_tokens,
            max_batch_size=self.options.max_batch_size,
        )
        return [sum(r.log_probs) / max(len(r.log_probs), 1) for r in results]

    def _translate(
        self,
        sources: list[str],
        prefixes: list[str | None],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        prefix_tokens = [self._tokens(self._prefix_ids(p)) for p in prefixes]
        results = self.translator.translate_batch(
            [self._source_tokens(s) for s in sources],
            target_prefix=prefix_tokens if any(prefix_tokens) else None,
            beam_size=beam_size,
            num_hypotheses=num_hypotheses,
            max_decoding_length=max_length,
            max_batch_size=self.options.max_batch_size,
            length_penalty=1.0,
            return_scores=True,
        )
        out: list[list[Hypothesis]] = []
        for r in results:
            hyps = []
            for tokens, score in zip(r.hypotheses, r.scores, strict=True):
                ids = self.tokenizer.convert_tokens_to_ids(tokens)
                hyps.append(
                    Hypothesis(text=self._decode(ids), score=float(score), tokens=tuple(tokens))
                )
            out.append(hyps)
        return out


EngineFactory = Callable[[str, "EngineOptions | None"], "Engine"]
_CUSTOM_ENGINES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make ``RepairConfig(engine=name)`` build its engine with ``factory(model, options)``.

    For an in-house or remote translation service; the built-in names cannot be replaced.
    """
    if name in ENGINES or name in ("ct2", "hf", "pytorch"):
        raise ValueError(f"{name!r} is a built-in engine")
    _CUSTOM_ENGINES[name] = factory


def load_engine(
    model: str | Path, engine: str = "ctranslate2", options: EngineOptions | None = None
) -> Engine:
    """Build an engine by name (``"ctranslate2"``, ``"transformers"``, ``"command"`` or a
    registered one).  With ``"ctranslate2"``, an Argos package folder (or the name of one
    installed in Argos's data folder) runs as :class:`~mtfix.retranslate.argos.ArgosEngine`."""
    if engine in ("ctranslate2", "ct2"):
        if registry.find_argos(str(model)) is not None:
            from mtfix.retranslate.argos import ArgosEngine

            return ArgosEngine(model, options)
        return CTranslate2Engine(model, options)
    if engine == "command":
        from mtfix.retranslate.command import CommandEngine

        return CommandEngine(model, options)
    if engine in ("transformers", "hf", "pytorch"):
        return TransformersEngine(model, options)
    if engine in _CUSTOM_ENGINES:
        return _CUSTOM_ENGINES[engine](str(model), options)
    known = (*ENGINES, *_CUSTOM_ENGINES)
    raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(known)}")
