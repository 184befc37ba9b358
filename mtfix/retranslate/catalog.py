"""Where seq2seq models come from: known short names, hub ids and local folders.

Nothing here imports torch or transformers; ``huggingface_hub`` is imported
only when the hub cache has to be consulted.

Resolution order for a model spec (``RepairConfig.model``):

1. an existing folder path (``./my-model``, ``/data/finetuned``);
2. ``<models dir>/NAME`` (and ``NAME-ct2`` for CTranslate2), where NAME is the
   short name or the last part of a hub id;
3. the Hugging Face cache (``HF_HOME``), for a known name or hub id;
4. a download from the hub, unless offline (``HF_HUB_OFFLINE=1``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A folder of CTranslate2 output beside a transformers folder ends with this.
CT2_SUFFIX = "-ct2"


class ModelError(RuntimeError):
    """A model cannot be used."""


class ModelNotAvailableError(ModelError):
    """The model is not on this machine and cannot be downloaded now."""


class BrokenModelError(ModelError):
    """A model folder exists but lacks files a model needs."""


@dataclass(frozen=True)
class KnownModel:
    """A model mtfix knows by a short name."""

    name: str
    hub_id: str
    licence: str
    #: Approximate download size of the transformers weights, in MB.
    size_mb: int
    #: Language codes the tokenizer needs (multilingual models), else ``None``.
    src_lang: str | None = None
    tgt_lang: str | None = None
    note: str = ""


KNOWN_MODELS: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel(
            "opus-mt-zh-en",
            "Helsinki-NLP/opus-mt-zh-en",
            "CC-BY-4.0",
            312,
            note="MarianMT, 77M parameters; the default",
        ),
        KnownModel(
            "nllb-200-distilled-600M",
            "facebook/nllb-200-distilled-600M",
            "CC-BY-NC-4.0 (non-commercial)",
            2460,
            src_lang="zho_Hans",
            tgt_lang="eng_Latn",
            note="NLLB-200 distilled, 600M parameters",
        ),
        KnownModel(
            "m2m100_418M",
            "facebook/m2m100_418M",
            "MIT",
            1940,
            src_lang="zh",
            tgt_lang="en",
            note="M2M100, 418M parameters",
        ),
    )
}

DEFAULT_MODEL = "opus-mt-zh-en"

_TRANSFORMERS_WEIGHTS = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
_MARIAN_TOKENIZER = ("source.spm", "target.spm", "vocab.json")
_SPM_FILES = ("sentencepiece.bpe.model", "spiece.model", "sentencepiece.model", "spm.model")


def known_model(spec: str) -> KnownModel | None:
    """The known model a short name or hub id refers to."""
    if spec in KNOWN_MODELS:
        return KNOWN_MODELS[spec]
    for m in KNOWN_MODELS.values():
        if m.hub_id == spec:
            return m
    return None


def _source_checkout_models_dir() -> Path | None:
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "mtfix").is_dir():
        return root / "models"
    return None


def models_dir() -> Path:
    """Where ``mtfix models pull`` puts models: ``$MTFIX_MODELS_DIR``, else the
    checkout's ``models/`` (a source checkout), else ``./models``."""
    env = os.environ.get("MTFIX_MODELS_DIR")
    if env:
        return Path(env).expanduser()
    return _source_checkout_models_dir() or Path.cwd() / "models"


def search_dirs() -> list[Path]:
    """Folders searched for ``NAME`` and ``NAME-ct2``, first match wins."""
    dirs = [models_dir(), Path.cwd() / "models"]
    checkout = _source_checkout_models_dir()
    if checkout is not None:
        dirs.append(checkout)
    unique: list[Path] = []
    for d in dirs:
        if d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def local_name(spec: str) -> str:
    """The folder name a model is stored under in the models dir."""
    known = known_model(spec)
    if known is not None:
        return known.name
    return spec.rstrip("/").split("/")[-1]


def is_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def how_to_get(spec: str, *, ct2: bool = False) -> str:
    """An actionable sentence on how to put a model on this machine."""
    name = local_name(spec)
    target = f"models/{name}{CT2_SUFFIX if ct2 else ''}"
    steps = f"run `mtfix models pull {spec}` on a machine with internet"
    if ct2:
        steps += f", then `mtfix models convert {spec}`"
    return f"{steps}, or copy the folder to {target}; see models/README.md"


def missing_tokenizer_files(path: Path) -> list[str]:
    """Hugging Face tokenizer files a folder lacks (empty when it has a tokenizer)."""
    names = {p.name for p in path.iterdir()} if path.is_dir() else set()
    marian = [f for f in _MARIAN_TOKENIZER if f in names]
    if marian:
        return [f for f in _MARIAN_TOKENIZER if f not in names]
    if "tokenizer.json" in names or names & set(_SPM_FILES):
        return []
    return ["tokenizer files (tokenizer.json, or source.spm/target.spm/vocab.json)"]


def missing_files(path: Path, *, kind: str = "transformers") -> list[str]:
    """What a model folder lacks (empty when it looks complete).

    ``kind`` is ``"transformers"`` or ``"ctranslate2"``.  A CTranslate2 folder
    may take its tokenizer from the transformers folder beside it, so its
    tokenizer is checked when the engine loads.
    """
    if not path.is_dir():
        return [f"the folder itself ({path} does not exist)"]
    names = {p.name for p in path.iterdir()}
    missing: list[str] = []
    if kind == "ctranslate2":
        if "model.bin" not in names:
            missing.append("model.bin (CTranslate2 weights)")
        if not any(n.endswith("vocabulary.json") or n.endswith("vocabulary.txt") for n in names):
            missing.append("shared_vocabulary.json (CTranslate2 vocabulary)")
        return missing
    if "config.json" not in names:
        missing.append("config.json")
    if not names & set(_TRANSFORMERS_WEIGHTS):
        missing.append("weights (model.safetensors or pytorch_model.bin)")
    return missing + missing_tokenizer_files(path)


def check_model_folder(path: Path, *, kind: str = "transformers") -> Path:
    """``path`` if it is a complete model folder, else :class:`BrokenModelError`."""
    missing = missing_files(path, kind=kind)
    if missing:
        raise BrokenModelError(
            f"model folder {path} is incomplete ({kind}): missing {', '.join(missing)}. "
            "Pull it again (`mtfix models pull NAME`) or copy the whole folder; "
            "see models/README.md"
        )
    return path


def is_ct2_folder(path: Path) -> bool:
    return (path / "model.bin").is_file()


def _is_transformers_folder(path: Path) -> bool:
    """A transformers config names its model type; a CTranslate2 one does not."""
    import json

    config = path / "config.json"
    try:
        return config.is_file() and "model_type" in json.loads(config.read_text())
    except (OSError, ValueError):
        return False


def find_local(spec: str, *, ct2: bool = False) -> Path | None:
    """A local folder for ``spec`` (a path, or NAME / NAME-ct2 in a models dir)."""
    direct = Path(spec).expanduser()
    if direct.is_dir():
        if ct2 and not is_ct2_folder(direct):
            sibling = direct.with_name(direct.name + CT2_SUFFIX)
            return sibling if sibling.is_dir() else direct
        return direct
    name = local_name(spec) + (CT2_SUFFIX if ct2 else "")
    for d in search_dirs():
        if (d / name).is_dir():
            return d / name
    return None


def hub_id(spec: str) -> str | None:
    """The hub id for a known name or a ``owner/name`` spec; ``None`` for paths."""
    known = known_model(spec)
    if known is not None:
        return known.hub_id
    if spec.count("/") == 1 and not spec.startswith((".", "/", "~")):
        return spec
    return None


def resolve_transformers(spec: str, *, token: str | None = None) -> Path:
    """A local folder holding a transformers model for ``spec``.

    Looks in the models dirs, then the Hugging Face cache, then downloads
    (when online).  Raises :class:`ModelNotAvailableError` or
    :class:`BrokenModelError` with a message that says what to do.
    """
    local = find_local(spec)
    if local is not None:
        return check_model_folder(local)
    repo = hub_id(spec)
    if repo is None:
        raise ModelNotAvailableError(
            f"model {spec!r} is neither a folder, a known name "
            f"({', '.join(KNOWN_MODELS)}) nor a hub id; see models/README.md"
        )
    return _snapshot(spec, repo, token=token)


def resolve_ct2(spec: str) -> Path:
    """A local folder holding a CTranslate2 conversion of ``spec``."""
    local = find_local(spec, ct2=True)
    if local is not None:
        if not is_ct2_folder(local) and _is_transformers_folder(local):
            raise ModelNotAvailableError(
                f"{local} is a transformers model, not a CTranslate2 one: run "
                f"`mtfix models convert {spec}` (writes {local.name}{CT2_SUFFIX}), "
                "or use engine='transformers'"
            )
        return check_model_folder(local, kind="ctranslate2")
    raise ModelNotAvailableError(f"no CTranslate2 model for {spec!r}: {how_to_get(spec, ct2=True)}")


def _snapshot(spec: str, repo: str, *, token: str | None) -> Path:
    """The hub snapshot from the cache, or downloaded when online."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
    )

    try:
        return Path(snapshot_download(repo, local_files_only=True, token=token))
    except (LocalEntryNotFoundError, FileNotFoundError, OSError):
        pass
    if is_offline():
        raise ModelNotAvailableError(
            f"model {spec!r} is not on this machine and HF_HUB_OFFLINE is set: " + how_to_get(spec)
        )
    try:
        return Path(snapshot_download(repo, token=token))
    except (RepositoryNotFoundError, GatedRepoError) as exc:
        raise ModelNotAvailableError(
            f"hub model {repo!r} was not found or needs access: check the id, or log in "
            f"(`hf auth login` or HF_TOKEN) for a private model ({exc.__class__.__name__})"
        ) from exc
    except (HfHubHTTPError, LocalEntryNotFoundError, OSError) as exc:
        raise ModelNotAvailableError(
            f"model {spec!r} is not on this machine and could not be downloaded "
            f"({exc.__class__.__name__}): " + how_to_get(spec)
        ) from exc


def language_codes(spec: str, path: Path | None = None) -> tuple[str | None, str | None]:
    """Source and target language codes for multilingual models (else ``None``).

    Known names carry them; local folders are recognised by their model type.
    """
    known = known_model(spec)
    if known is not None:
        return known.src_lang, known.tgt_lang
    if path is not None and (path / "config.json").is_file():
        import json

        model_type = json.loads((path / "config.json").read_text()).get("model_type", "")
        if model_type == "m2m_100":
            # NLLB and M2M100 share the architecture; their codes differ.
            tok = path / "tokenizer_config.json"
            text = tok.read_text() if tok.is_file() else ""
            return ("zho_Hans", "eng_Latn") if "Nllb" in text else ("zh", "en")
    return None, None


# -- Argos Translate packages -------------------------------------------------------
#: What an unpacked Argos package holds (the ``.argosmodel`` zip, extracted).
ARGOS_FILES = ("metadata.json", "sentencepiece.model", "model/model.bin")


def argos_packages_dir() -> Path:
    """Where Argos Translate installs packages, as its ``settings.py`` decides:
    ``$ARGOS_PACKAGES_DIR``, else ``$XDG_DATA_HOME/argos-translate/packages``, else
    ``~/.local/share/argos-translate/packages``."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "argos-translate" / "packages"


def is_argos_package(path: Path) -> bool:
    """Whether ``path`` is an unpacked Argos package (CTranslate2 model + sentencepiece)."""
    return path.is_dir() and all((path / f).is_file() for f in ARGOS_FILES)


def find_argos(spec: str) -> Path | None:
    """An Argos package: the folder ``spec``, or one of that name in Argos's folder."""
    path = Path(spec).expanduser()
    if is_argos_package(path):
        return path
    if "/" not in spec and "\\" not in spec and spec not in ("", ".", ".."):
        installed = argos_packages_dir() / spec
        if is_argos_package(installed):
            return installed
    return None


def resolve_argos(spec: str) -> Path:
    """The Argos package folder ``spec`` names; raises when there is none."""
    found = find_argos(spec)
    if found is None:
        raise ModelNotAvailableError(
            f"{spec!r} is not an unpacked Argos package (it needs {', '.join(ARGOS_FILES)})"
        )
    return found


def argos_metadata(path: Path) -> dict[str, Any]:
    """The package's ``metadata.json`` (``from_code``, ``to_code``, ``package_version``…)."""
    try:
        data = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BrokenModelError(f"cannot read {path / 'metadata.json'}: {exc}") from exc
    if not isinstance(data, dict):
        raise BrokenModelError(f"{path / 'metadata.json'} is not a JSON object")
    return data


def argos_installed() -> list[tuple[Path, dict[str, Any]]]:
    """The Argos packages in :func:`argos_packages_dir`, with their metadata."""
    root = argos_packages_dir()
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(root.iterdir()):
        if is_argos_package(folder):
            try:
                out.append((folder, argos_metadata(folder)))
            except BrokenModelError:
                out.append((folder, {}))
    return out
