"""Argos Translate packages as models: CTranslate2 with the package's sentencepiece."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtfix.retranslate import catalog as registry
from mtfix.retranslate.catalog import BrokenModelError
from mtfix.retranslate.engines import CTranslate2Engine, Engine, EngineOptions, Hypothesis


class ArgosEngine(CTranslate2Engine):
    """An unpacked Argos Translate package: a CTranslate2 ``model/`` folder, a
    ``sentencepiece.model`` and ``metadata.json`` (see :func:`catalog.is_argos_package`).

    Tokenised as Argos does: sentencepiece pieces in, pieces joined (``▁`` → space) out.
    """

    kind = "ctranslate2"

    def __init__(
        self, model: str | Path, options: EngineOptions | None = None, **overrides: Any
    ) -> None:
        Engine.__init__(self, model, options, overrides)
        import ctranslate2
        import sentencepiece

        opts = self.options
        package = registry.resolve_argos(self.spec)
        self.package = package
        self.metadata = registry.argos_metadata(package)
        self.path = package / "model"
        compute = opts.compute_type or ("int8" if opts.device == "cpu" else "int8_float16")
        try:
            self.translator = ctranslate2.Translator(
                str(self.path),
                device=opts.device,
                compute_type=compute,
                inter_threads=max(opts.inter_threads, 1),
                intra_threads=opts.intra_threads,
            )
            self.processor = sentencepiece.SentencePieceProcessor(
                model_file=str(package / "sentencepiece.model")
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise BrokenModelError(f"cannot load the Argos package in {package}: {exc}") from exc
        if opts.device != "cpu":
            self._check_device()

    @property
    def origin(self) -> str:
        return f"argos:{self.package.name}"

    def _pieces(self, text: str) -> list[str]:
        pieces: list[str] = self.processor.encode(text, out_type=str)
        return pieces[: self.options.max_length * 2]

    def _source_length(self, text: str) -> int:
        return len(self._pieces(text))

    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        results = self.translator.score_batch(
            [self._pieces(s) for s in sources],
            [self._pieces(t) for t in targets],
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
        prefix = [self._pieces(p) if p else [] for p in prefixes]
        results = self.translator.translate_batch(
            [self._pieces(s) for s in sources],
            target_prefix=prefix if any(prefix) else None,
            beam_size=beam_size,
            num_hypotheses=num_hypotheses,
            max_decoding_length=max_length,
            max_batch_size=self.options.max_batch_size,
            return_scores=True,
        )
        return [
            [
                Hypothesis("".join(t).replace("▁", " ").strip(), float(sc), tuple(t))
                for t, sc in zip(r.hypotheses, r.scores, strict=True)
            ]
            for r in results
        ]
