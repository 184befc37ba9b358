"""``mtfix models``: list, pull and convert seq2seq models.

Mount with ``app.add_typer(models_app, name="models")``.  Importing this
module does not import torch or transformers.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from mtfix.retranslate import catalog as registry

models_app = typer.Typer(
    help="Seq2seq models for scoring and re-translation (see models/README.md).",
    no_args_is_help=True,
)

#: Files copied from a transformers folder into its CTranslate2 conversion.
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
    "spiece.model",
    "generation_config.json",
)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Models folder (default: $MTFIX_MODELS_DIR or ./models)."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _status(name: str, root: Path) -> str:
    parts = []
    for suffix, kind in (("", "transformers"), (registry.CT2_SUFFIX, "ctranslate2")):
        folder = root / (name + suffix)
        if folder.is_dir():
            missing = registry.missing_files(folder, kind=kind)
            parts.append(f"{kind}{' (incomplete)' if missing else ''}")
    return ", ".join(parts) or "-"


@models_app.command("list")
def list_models(models_dir: DirOption = None) -> None:
    """Known models, their licences and sizes, and which are present locally."""
    root = models_dir or registry.models_dir()
    typer.echo(f"models folder: {root}")
    rows = [("name", "hub id", "licence", "size", "local")]
    for m in registry.KNOWN_MODELS.values():
        rows.append((m.name, m.hub_id, m.licence, f"{m.size_mb} MB", _status(m.name, root)))
    known = {m.name for m in registry.KNOWN_MODELS.values()}
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            base = folder.name.removesuffix(registry.CT2_SUFFIX)
            if folder.is_dir() and base not in known:
                known.add(base)
                rows.append((base, "(local)", "?", "?", _status(base, root)))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    _list_argos()


def _list_argos() -> None:
    """Argos Translate packages installed in Argos's data folder, with their languages."""
    packages = registry.argos_installed()
    typer.echo(f"\nArgos packages ({registry.argos_packages_dir()}):")
    if not packages:
        typer.echo("  none (use an unpacked package with --model PATH or its folder name)")
        return
    for folder, meta in packages:
        pair = f"{meta.get('from_code', '?')}→{meta.get('to_code', '?')}"
        version = meta.get("package_version", "?")
        typer.echo(f"  {folder.name}  {pair}  version {version}  (--model {folder.name})")


@models_app.command("pull")
def pull(
    name: Annotated[str, typer.Argument(help="A known name (opus-mt-zh-en) or a hub id.")],
    models_dir: DirOption = None,
    revision: Annotated[str | None, typer.Option(help="A branch, tag or commit.")] = None,
    token: Annotated[
        str | None, typer.Option(envvar="HF_TOKEN", help="Token for private models.")
    ] = None,
) -> None:
    """Download a model from the Hugging Face hub into the models folder."""
    repo = registry.hub_id(name)
    if repo is None:
        raise _fail(
            f"{name!r} is neither a known name ({', '.join(registry.KNOWN_MODELS)}) "
            "nor a hub id (owner/name)"
        )
    target = (models_dir or registry.models_dir()) / registry.local_name(name)
    if registry.is_offline():
        raise _fail(
            f"cannot download {repo}: HF_HUB_OFFLINE is set. On a machine with internet run "
            f"`mtfix models pull {name}`, then copy the folder to {target}; see models/README.md"
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    try:
        path = snapshot_download(
            repo,
            revision=revision,
            token=token,
            local_dir=str(target),
            allow_patterns=[
                "*.json",
                "*.spm",
                "*.model",
                "*.safetensors",
                "*.txt",
                "*.md",
                "pytorch_model.bin",
            ],
        )
    except (HfHubHTTPError, LocalEntryNotFoundError, OSError) as exc:
        raise _fail(
            f"cannot download {repo} ({exc.__class__.__name__}: {exc}). Without internet, "
            f"copy the folder to {target}; for a private model pass --token or set HF_TOKEN"
        ) from exc
    missing = registry.missing_files(Path(path))
    if missing:
        raise _fail(f"downloaded {path} but it lacks {', '.join(missing)}")
    typer.echo(f"pulled {repo} into {path}")


@models_app.command("convert")
def convert(
    name: Annotated[str, typer.Argument(help="A known name, hub id or model folder.")],
    models_dir: DirOption = None,
    quantization: Annotated[
        str, typer.Option(help="int8, int8_float16, float16 or float32.")
    ] = "int8",
    force: Annotated[bool, typer.Option(help="Overwrite an existing conversion.")] = False,
) -> None:
    """Convert a transformers model to CTranslate2 (into NAME-ct2)."""
    try:
        source = registry.resolve_transformers(name)
    except registry.ModelError as exc:
        raise _fail(str(exc)) from exc
    root = models_dir or registry.models_dir()
    target = root / (registry.local_name(name) + registry.CT2_SUFFIX)
    if Path(name).is_dir():
        target = Path(name).resolve().with_name(Path(name).resolve().name + registry.CT2_SUFFIX)
    convert_folder(source, target, quantization=quantization, force=force)
    typer.echo(f"converted {source} into {target} ({quantization})")


def convert_folder(
    source: Path, target: Path, *, quantization: str = "int8", force: bool = False
) -> Path:
    """CTranslate2 conversion of a transformers folder, with its tokenizer files."""
    from ctranslate2.converters import TransformersConverter

    copy = [f for f in TOKENIZER_FILES if (source / f).is_file()]
    if target.exists() and force:
        shutil.rmtree(target)
    converter = TransformersConverter(str(source), copy_files=copy)
    converter.convert(str(target), quantization=quantization, force=force)
    return target
