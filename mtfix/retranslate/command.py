"""Any translation command as an engine (Chinese lines in, English lines out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtfix.retranslate.catalog import ModelError
from mtfix.retranslate.engines import Engine, EngineOptions, Hypothesis


class CommandEngine(Engine):
    """Any translation command: Chinese sentences on standard input, one per line; English
    sentences on standard output, one per line.

    The model string is the command line (split with :func:`shlex.split`, never run by a
    shell).  It cannot score, so its translations are judged by the confidence model only.
    """

    kind = "command"
    can_score = False

    def __init__(
        self, model: str | Path, options: EngineOptions | None = None, **overrides: Any
    ) -> None:
        super().__init__(model, options, overrides)
        import shlex
        import shutil

        try:
            self.argv = shlex.split(self.spec)
        except ValueError as exc:
            raise ModelError(f"cannot read the command {self.spec!r}: {exc}") from exc
        if not self.argv:
            raise ModelError("the command engine needs a command line as its model")
        if shutil.which(self.argv[0]) is None:
            raise ModelError(f"the command {self.argv[0]!r} is not found or not executable")

    @property
    def origin(self) -> str:
        return f"command:{Path(self.argv[0]).name}"

    def _source_length(self, text: str) -> int:
        return len(text)

    def _score(self, sources: list[str], targets: list[str]) -> list[float]:
        raise ModelError("the command engine cannot score translations")

    def _translate(
        self,
        sources: list[str],
        prefixes: list[str | None],
        beam_size: int,
        max_length: int,
        num_hypotheses: int,
    ) -> list[list[Hypothesis]]:
        import subprocess

        lines = [" ".join(s.split()) for s in sources]
        try:
            done = subprocess.run(
                self.argv,
                input="".join(line + "\n" for line in lines),
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self.options.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ModelError(
                f"the command {self.argv[0]!r} took over {self.options.timeout:g} s"
            ) from exc
        except OSError as exc:
            raise ModelError(f"cannot run the command {self.argv[0]!r}: {exc}") from exc
        if done.returncode != 0:
            tail = done.stderr.strip()[-300:]
            raise ModelError(
                f"the command {self.argv[0]!r} failed (exit {done.returncode}): {tail}"
            )
        out = done.stdout.splitlines()
        if len(out) != len(lines):
            raise ModelError(
                f"the command {self.argv[0]!r} wrote {len(out)} line(s) for {len(lines)} "
                "sentence(s); it must write one English line per Chinese line"
            )
        return [[Hypothesis(line.strip(), 0.0)] for line in out]
