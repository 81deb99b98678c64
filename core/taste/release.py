"""A MovieLens release as GroupLens publishes it: a folder, its ``.zip``, or the zip's URL.

The releases this reads (ml-latest-small, ml-latest, ml-20m, ml-25m, ml-32m) hold
``movies.csv`` (``movieId,title,genres``) and ``ratings.csv`` (``userId,movieId,rating,timestamp``),
at the top of the folder or in the zip's one top folder (``ml-25m/ratings.csv``). Older
releases (ml-100k ``u.data``, ml-1m ``ratings.dat``) have another layout and are refused with a
message that says so.

``open_release`` yields the two plain files (a zip's are extracted into a temporary folder, under
``$TMPDIR`` when set; a URL is downloaded there first) and the release's identity: the SHA-256
of both files' contents, so the same release is recognised whether it comes as a folder, a zip
or a URL.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.errors import StreambotError
from core.etl import sha256_of

MOVIES, RATINGS = "movies.csv", "ratings.csv"
COLUMNS = {
    MOVIES: ("movieId", "title", "genres"),
    RATINGS: ("userId", "movieId", "rating", "timestamp"),
}
"""The files an import reads and the columns each must start with."""
_OTHER_LAYOUTS = {
    "u.data": "ml-100k",
    "ratings.dat": "ml-1m or ml-10m",
}
_CHUNK = 1 << 20
_TIMEOUT_S = 30.0

Progress = Callable[[str], None]
"""Where long steps report what they did so far (the CLI prints it on stderr)."""


class TasteInputError(StreambotError):
    """A MovieLens release cannot be read: missing, another layout, or unreachable."""


@dataclass(frozen=True, slots=True)
class Release:
    """The two files of a release, ready to read, and what identifies it."""

    name: str
    """The release's own name (``ml-25m``): the default source name of an import."""
    given: str
    """The folder, file or URL the release came from, as given."""
    movies: Path
    ratings: Path
    sha256: str
    """``release_sha256`` of the two files."""


def release_sha256(movies_sha256: str, ratings_sha256: str) -> str:
    """One SHA-256 for a release, from its two files' SHA-256 (the shipped copy's identity is
    computed from ``core.shipped.MOVIELENS_SMALL`` the same way)."""
    text = f"{MOVIES} {movies_sha256}\n{RATINGS} {ratings_sha256}\n"
    return hashlib.sha256(text.encode()).hexdigest()


def _check_header(path: Path, given: str) -> None:
    expected = COLUMNS[path.name]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = tuple(c.strip() for c in next(csv.reader(fh), []))
    if header[: len(expected)] != expected:
        raise TasteInputError(
            f"{given}: {path.name} has the columns {','.join(header) or '(none)'}, not "
            f"{','.join(expected)}: give a MovieLens release in the CSV layout of ml-latest, "
            "ml-25m or ml-32m."
        )


def _layout_error(given: str, names: list[str]) -> TasteInputError:
    found = {PurePosixPath(n).name for n in names}
    older = [release for marker, release in _OTHER_LAYOUTS.items() if marker in found]
    hint = (
        f" It looks like {older[0]}, whose layout is not supported;"
        if older
        else f" It holds {', '.join(sorted(found)[:6]) or 'nothing'}."
    )
    return TasteInputError(
        f"{given} is not a MovieLens release with {MOVIES} and {RATINGS}.{hint} Give a folder or "
        "a .zip of ml-latest, ml-latest-small, ml-25m or ml-32m (grouplens.org/datasets/movielens)."
    )


def _members(names: list[str]) -> dict[str, str] | None:
    """The zip members that are the release's files: at the top, or in one top folder."""
    found: dict[str, str] = {}
    for name in names:
        path = PurePosixPath(name)
        if path.name in COLUMNS and len(path.parts) <= 2:
            found.setdefault(path.name, name)
    return found if len(found) == len(COLUMNS) else None


def _extract(archive: Path, given: str, into: Path, progress: Progress) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = _members(zf.namelist())
            if members is None:
                raise _layout_error(given, zf.namelist())
            for name, member in members.items():
                progress(f"extracting {member}")
                with zf.open(member) as src, (into / name).open("wb") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
    except (zipfile.BadZipFile, OSError) as err:
        raise TasteInputError(f"{given} cannot be read as a zip file: {err}.") from err
    return into


def _download(url: str, into: Path, progress: Progress) -> Path:
    target = into / (PurePosixPath(urllib.request.url2pathname(url.split("?")[0])).name or "x")
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response, target.open("wb") as out:
            done = 0
            while block := response.read(_CHUNK):
                out.write(block)
                done += len(block)
                if done % (64 * _CHUNK) < _CHUNK:
                    progress(f"downloaded {done / _CHUNK:,.0f} MB")
    except (urllib.error.URLError, OSError, ValueError) as err:
        if isinstance(err, urllib.error.HTTPError):
            reason = f"HTTP {err.code} {err.reason}"
        else:
            reason = getattr(err, "reason", err)
        raise TasteInputError(
            f"{url} cannot be downloaded ({reason}): check the address and the network, or "
            "download the .zip yourself and give its path."
        ) from err
    return target


def _name(path_or_url: str) -> str:
    name = PurePosixPath(path_or_url.rstrip("/").split("?")[0]).name
    return name.removesuffix(".zip") or "movielens"


@contextlib.contextmanager
def open_release(path_or_url: str, progress: Progress = lambda _: None) -> Iterator[Release]:
    """The release at ``path_or_url`` (a folder, a ``.zip`` or an http(s) URL of one), with its
    files checked and hashed; temporary copies are removed on exit.

    Raises ``TasteInputError`` for a missing path, another layout or an unreachable URL.
    """
    given = path_or_url.strip()
    with tempfile.TemporaryDirectory(prefix="streambot-movielens-") as scratch:
        folder = Path(scratch)
        if given.lower().startswith(("http://", "https://")):
            source = _extract(_download(given, folder, progress), given, folder, progress)
        else:
            path = Path(given).expanduser()
            if path.is_dir():
                source = path
                if not all((path / name).is_file() for name in COLUMNS):
                    raise _layout_error(given, [p.name for p in path.iterdir()])
            elif path.is_file():
                source = _extract(path, given, folder, progress)
            else:
                raise TasteInputError(
                    f"{given} does not exist: give the folder or the .zip of a MovieLens "
                    "release (e.g. ml-25m.zip from grouplens.org/datasets/movielens)."
                )
        movies, ratings = source / MOVIES, source / RATINGS
        for path in (movies, ratings):
            _check_header(path, given)
        progress(f"hashing {RATINGS}")
        digest = release_sha256(sha256_of(movies), sha256_of(ratings))
        yield Release(_name(given), given, movies, ratings, digest)
