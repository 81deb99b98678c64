"""What the taste tests share besides their fixtures (``tests/conftest.py``: ``real_db_copy``,
``movielens_release``): a release's zip as GroupLens publishes it, and a local HTTP server for the
URL path (there is no network here)."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def zipped(folder: Path, into: Path) -> Path:
    """The release's ``.zip``, with its one top folder, as GroupLens publishes it."""
    archive = into / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{folder.name}/{path.name}")
    return archive


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A local HTTP server for ``folder``; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
