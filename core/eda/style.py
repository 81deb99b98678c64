"""The look shared by every chart: size, fonts, platform colours, and the PNG writer.

Why one module: a reader compares charts side by side, so Netflix is the same red everywhere,
platforms come in the same order, and text is large enough to read on a phone (the image is
1280 x 960 px, Telegram's largest photo side, and the smallest text is 12 pt at 200 dpi, about
a 12 px font on a phone held upright).

Thread safety: charts are drawn on ``matplotlib.figure.Figure`` objects (no pyplot, no global
figure manager) with the Agg backend, but matplotlib's style parameters and font caches are
process-wide, so every render holds ``_RENDER_LOCK``. The bot renders in worker threads; a
render takes ~0.1-0.3 s and is cached, so serialising them costs nothing noticeable.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")  # inside core.eda only: no display, and nothing else in core uses it

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from core.eda.labels import label, number
from core.platforms import BY_KEY, PLATFORM_KEYS

WIDTH_PX, HEIGHT_PX, DPI = 1280, 960, 200
"""Every chart is exactly this size (no ``bbox_inches="tight"``, which would change it)."""

PLATFORM_COLORS: dict[str, str] = {
    "amazon": "#00A8E1",  # Prime Video blue
    "disney": "#0B2D8F",  # Disney+ navy
    "hulu": "#1A9E55",  # Hulu green, darkened to read on white
    "netflix": "#E50914",  # Netflix red
}
INK = "#222222"
MUTED = "#6B6B6B"
ACCENT = "#F2A900"
"""For marks that are not a platform (means, medians, outliers)."""

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 13,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#9A9A9A",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "figure.titlesize": 17,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "lines.linewidth": 2.4,
    "axes.formatter.use_locale": False,
}

_RENDER_LOCK = threading.Lock()
_NOTE_WIDTH = 70
"""Characters per line of a note at 11 pt (the image is ~73 of them wide)."""


def platform_name(key: str) -> str:
    return BY_KEY[key].display if key in BY_KEY else key


def platforms_of(platform: str | None) -> tuple[str, ...]:
    return PLATFORM_KEYS if platform is None else (platform,)


def color(platform: str) -> str:
    return PLATFORM_COLORS.get(platform, MUTED)


def tint(hex_color: str, amount: float) -> str:
    """``hex_color`` mixed with white (``amount`` 0: unchanged, 1: white); opaque, so grid
    lines never show through a light bar."""
    rgb = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def legend_above(ax: Axes, handles=None, labels=None, ncols: int = 4, **kw) -> None:
    """A legend above the plot, read left to right, where it never covers data. (A figure
    legend "outside" would have the whole width, but constrained layout lays it over the
    title.)"""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    labels = labels or [h.get_label() for h in handles]
    # matplotlib fills a legend column by column (np.array_split): reorder the entries so its
    # rows read left to right.
    order = sorted(range(len(handles)), key=lambda i: (i % ncols, i // ncols))
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0.3,
        ncols=ncols,
        **({"handlelength": 1.4, "columnspacing": 1.2} | kw),
    )


def chart_title(name: str, platform: str | None, lang: str) -> str:
    text = label(lang, f"title.{name}")
    return text if platform is None else f"{text} · {platform_name(platform)}"


def render(
    name: str, platform: str | None, lang: str, draw: Callable[[Figure], str | None]
) -> bytes:
    """A PNG of ``WIDTH_PX`` x ``HEIGHT_PX``: a titled figure that ``draw`` fills in.

    ``draw`` may return a note, printed small under the plot (a data caveat, the method).
    """
    with _RENDER_LOCK, rc_context(_RC):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
        fig.get_layout_engine().set(h_pad=0.06, w_pad=0.06)
        fig.suptitle(chart_title(name, platform, lang), x=0.02, ha="left")
        note = draw(fig)
        if note:
            lines = [part for line in note.split("\n") for part in textwrap.wrap(line, _NOTE_WIDTH)]
            fig.supxlabel("\n".join(lines), x=0.02, ha="left", fontsize=11, color=MUTED)
        # One draw: the canvas lays the figure out (constrained layout) and renders it. savefig
        # would draw twice (a layout pass, then the real one), a third of the render time.
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        out = io.BytesIO()
        image.convert("RGB").save(out, format="png", compress_level=3)
        return out.getvalue()


def no_data(ax: Axes, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, label(lang, "note.no_data"), ha="center", va="center", color=MUTED)


def short(text: str, limit: int = 26) -> str:
    """A title cut to fit beside a mark: ``Soothing Surf at Del Norte…``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def thousands(lang: str):
    """A tick formatter with the language's thousands separator (12,000 / 12.000)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: number(x, lang))
