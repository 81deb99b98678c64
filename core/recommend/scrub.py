"""Take forgotten people out of stored models, so that ``/forget`` leaves nothing about them.

Why: a model artifact keeps, for every person it was trained on, their learned vectors and
biases and the titles they rated with their stars (``rated_*``, to leave seen titles out of
their picks). ``/forget`` deletes the database rows, but every kept model version trained after
the person rated something would still hold their ratings on disk.

Who is forgotten needs no list of its own (which would itself be a row about the person): a
chat person's internal id (``>= CHAT_USER_BASE``) that a model knows but ``chat_users`` no
longer maps to anyone was forgotten, as those ids are never given out twice. Their id stays in
the model's id map (it keeps the map sorted, and names no one), with every per-person number
zeroed and their ratings removed. The arrays are rewritten with fresh checksums; a version that
does not know any forgotten person, or was scrubbed before, is only read (its id map and
per-person arrays), not rewritten.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import numpy as np

from core.db import CHAT_USER_BASE
from core.recommend.artifact import ARRAYS_FILE, read_artifact, rewrite_arrays

log = logging.getLogger("streambot.recommend")
_USERS = "idmap_users"
_RATED = ("rated_indptr", "rated_items", "rated_halfstars")
_lock = threading.Lock()
"""One scrub at a time in a process (two /forget at once, or one during a training's end)."""


def _known_chat_people(conn: sqlite3.Connection) -> np.ndarray:
    return np.fromiter(
        (u for (u,) in conn.execute("SELECT user_id FROM chat_users")), dtype=np.int64
    )


def per_person(name: str, values: np.ndarray, n_users: int) -> bool:
    """An array with one row per person of the id map (biases, vectors), not the map itself."""
    return "user" in name and name != _USERS and values.shape[:1] == (n_users,)


def forgotten_rows(users: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Rows of ``users`` (a model's id map) that are chat people no longer in ``known``."""
    chat = np.flatnonzero(users >= CHAT_USER_BASE)
    return chat[~np.isin(users[chat], known)]


def _still_held(npz, rows: np.ndarray) -> np.ndarray:
    """Which ``rows`` a version still has ratings or non-zero numbers for (scrubbed before:
    none), reading only the per-person arrays, each once."""
    held = np.zeros(len(rows), dtype=bool)
    if "rated_indptr" in npz.files:
        indptr = npz["rated_indptr"]
        held |= indptr[rows + 1] > indptr[rows]
    n_users = len(npz[_USERS])
    for name in npz.files:
        if "user" not in name:
            continue  # not read at all: item arrays are most of the file
        values = npz[name]
        if per_person(name, values, n_users):
            held |= np.any(values[rows].reshape(len(rows), -1) != 0, axis=1)
    return held


def scrub_arrays(arrays: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays with ``rows``' per-person numbers zeroed and their ratings removed."""
    n_users = len(arrays[_USERS])
    out = dict(arrays)
    for name, values in arrays.items():
        if per_person(name, values, n_users):
            values = values.copy()
            values[rows] = 0
            out[name] = values
    if all(name in arrays for name in _RATED):
        indptr, items, stars = (arrays[name] for name in _RATED)
        lengths = np.diff(indptr)
        keep = np.ones(len(items), dtype=bool)
        for r in rows:
            keep[indptr[r] : indptr[r + 1]] = False
        lengths[rows] = 0
        out["rated_indptr"] = np.concatenate(([0], np.cumsum(lengths))).astype(indptr.dtype)
        out["rated_items"], out["rated_halfstars"] = items[keep], stars[keep]
    return out


def scrub_forgotten(conn: sqlite3.Connection, models_dir: Path) -> int:
    """Remove every forgotten chat person from every model version under ``models_dir``;
    returns how many versions were rewritten. Safe to run at any time, and again."""
    with _lock:
        return _scrub_all(conn, Path(models_dir))


def _scrub_all(conn: sqlite3.Connection, models_dir: Path) -> int:
    if not models_dir.is_dir():
        return 0
    known = _known_chat_people(conn)
    rewritten = 0
    for path in sorted(p for p in models_dir.iterdir() if (p / ARRAYS_FILE).is_file()):
        if path.name.startswith("."):
            continue  # a training still writing its artifact
        try:
            with np.load(path / ARRAYS_FILE, allow_pickle=False) as npz:
                if _USERS not in npz.files:
                    continue
                rows = forgotten_rows(npz[_USERS], known)
                rows = rows[_still_held(npz, rows)] if len(rows) else rows
        except (OSError, ValueError) as err:
            log.warning("cannot read %s to scrub it: %s", path.name, err)
            continue
        if not len(rows):
            continue
        artifact = read_artifact(path)
        rewrite_arrays(path, scrub_arrays(artifact.arrays, rows))
        rewritten += 1
        log.info("model %s: %d forgotten person(s) removed", path.name, len(rows))
    return rewritten
