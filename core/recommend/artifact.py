"""Versioned model artifacts: ``<models_dir>/<version>/model.npz`` + ``meta.json``.

Why this format: plain numeric and unicode arrays in an ``.npz`` (loaded with
``allow_pickle=False``) cannot run code when read, and the JSON metadata says what the arrays
are: format version, model kind, config, data watermark, counts, holdout metrics, timings and
the SHA-256 of every file, so a truncated or corrupted artifact is detected before it is used.

An artifact is written into a temporary directory next to its final place and renamed into
place in one step, so a reader never sees half an artifact. The writer holds an ``flock`` on
that directory until the rename: a folder nobody holds was left by a writer that died (SIGKILL,
the OOM killer), and ``remove_partial_versions`` deletes it, with the ratings it holds.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

FORMAT_VERSION = 6
"""6: the hybrid with "what people rated next" (``taste_next``) and each user's newest titles
in order (``rated_user_recent``); 5: the hybrid with the implicit-ALS source (``taste_ials``);
4: EASE learned on graded ratings, the stars' map over bins of the line; 3 the hybrid with the
real-taste MF as a source (its stars feed the calibration); 2 the hybrid without it; 1 the
LightFM + MF + popularity blend. This code loads none of the earlier ones (their sources, EASE
weights and star maps mean something else)."""
ARRAYS_FILE = "model.npz"
META_FILE = "meta.json"
PARTIAL_PREFIX = ".tmp-"
"""Temporary artifact folders start with this: never loaded, listed, or scrubbed."""


class ArtifactError(RuntimeError):
    """An artifact is missing, unreadable, of another format version, or fails its checksum."""


@dataclass(frozen=True)
class Artifact:
    """A loaded artifact: its arrays and metadata."""

    version: str
    path: Path
    meta: dict
    arrays: dict[str, np.ndarray]


def pack_strings(name: str, values: Sequence[str]) -> dict[str, np.ndarray]:
    """Strings as two arrays, ``<name>_utf8`` (every string's UTF-8 bytes, end to end) and
    ``<name>_offsets`` (where each starts, and the end).

    Why not a numpy unicode array: it takes 4 bytes times the longest string for every entry.
    One junk cast entry of 1,024 characters in the real catalogs made the fact texts 260 MB and
    the feature names 416 MB at full scale, read into the serving process on every load.
    """
    encoded = [str(v).encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    offsets[1:] = np.cumsum([len(b) for b in encoded])
    return {
        f"{name}_utf8": np.frombuffer(b"".join(encoded), np.uint8).copy(),
        f"{name}_offsets": offsets,
    }


def unpack_strings(arrays: dict[str, np.ndarray], name: str) -> list[str]:
    """The strings ``pack_strings(name, ...)`` stored in ``arrays``."""
    blob = arrays[f"{name}_utf8"].tobytes()
    offsets = arrays[f"{name}_offsets"].tolist()
    return [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in 4 MiB chunks (artifacts run to hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def new_version(models_dir: Path, now: datetime | None = None) -> str:
    """A sortable, unique version name: the UTC time, with a suffix if that name is taken."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    name, n = stamp, 1
    while (Path(models_dir) / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def _write_files(
    arrays_path: Path, meta_path: Path, arrays: dict[str, np.ndarray], meta: dict
) -> None:
    """The arrays, then the metadata with their checksum (``files``), each synced to disk."""
    with arrays_path.open("wb") as fh:
        np.savez(fh, **arrays)
        fh.flush()
        os.fsync(fh.fileno())
    files = {ARRAYS_FILE: {"sha256": sha256_of(arrays_path), "bytes": arrays_path.stat().st_size}}
    with meta_path.open("w", encoding="utf-8") as fh:
        json.dump({**meta, "files": files}, fh, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())


def rewrite_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Replace an artifact's arrays in place (same version and metadata, a fresh checksum).

    Both files are written beside the old ones and each replaced whole (``os.replace``); only
    between the two replaces would a reader see the new arrays with the old checksum.
    """
    path = Path(path)
    tag = f"{os.getpid()}-{threading.get_ident()}"  # another process may rewrite at once
    new_arrays, new_meta = path / f".{ARRAYS_FILE}.{tag}", path / f".{META_FILE}.{tag}"
    try:
        _write_files(new_arrays, new_meta, arrays, read_meta(path))
        os.replace(new_arrays, path / ARRAYS_FILE)
        os.replace(new_meta, path / META_FILE)
    finally:
        new_arrays.unlink(missing_ok=True)
        new_meta.unlink(missing_ok=True)


def write_artifact(
    models_dir: Path, version: str, arrays: dict[str, np.ndarray], meta: dict
) -> Path:
    """Write arrays and metadata (plus format version and checksums) atomically; return the path."""
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    final = models_dir / version
    if final.exists():
        raise ArtifactError(f"{final} already exists; pick a new version with new_version().")
    tmp = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{version}-", dir=models_dir))
    held = os.open(tmp, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # "being written": remove_partial_versions keeps out
        full_meta = {"format_version": FORMAT_VERSION, "version": version, **meta}
        _write_files(tmp / ARRAYS_FILE, tmp / META_FILE, arrays, full_meta)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(held)
    return final


def remove_partial_versions(models_dir: Path) -> int:
    """Delete the temporary folders of artifact writers that died before their rename; returns
    how many. A killed training leaves one behind holding a whole model, people's ratings
    included, which no reader loads and the /forget scrub skips. A folder still being written
    (its writer holds the ``flock``) is left alone."""
    removed = 0
    for path in sorted(Path(models_dir).glob(f"{PARTIAL_PREFIX}*")):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:  # renamed into place meanwhile, or not a folder
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
            removed += not path.exists()
        finally:
            os.close(fd)
    return removed


def read_meta(path: Path) -> dict:
    """The metadata of the artifact at ``path`` (no checksum verification)."""
    try:
        with (Path(path) / META_FILE).open(encoding="utf-8") as fh:
            meta = json.load(fh)
    except (OSError, ValueError) as err:
        raise ArtifactError(f"cannot read {Path(path) / META_FILE}: {err}") from err
    if meta.get("format_version") != FORMAT_VERSION:
        raise ArtifactError(
            f"{path} has format version {meta.get('format_version')!r}; this code reads "
            f"version {FORMAT_VERSION}. Retrain with `streambot train`."
        )
    return meta


def read_artifact(path: Path, *, verify: bool = True) -> Artifact:
    """Load and (by default) verify the artifact at ``path``; raises ``ArtifactError``."""
    path = Path(path)
    meta = read_meta(path)
    for name, expected in meta.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise ArtifactError(f"{file} is missing")
        if verify and sha256_of(file) != expected.get("sha256"):
            raise ArtifactError(f"{file} does not match its checksum: the artifact is corrupt")
    try:
        with np.load(path / ARRAYS_FILE, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        raise ArtifactError(f"cannot read {path / ARRAYS_FILE}: {err}") from err
    return Artifact(
        version=str(meta.get("version", path.name)), path=path, meta=meta, arrays=arrays
    )
