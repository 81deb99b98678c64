"""The /compare chart: a two-set Venn diagram of two catalogs' works, areas to scale.

Drawn with ``core.eda.style`` (imported when a chart is asked for, never at import): the same
size, fonts, platform colours and render lock as every other chart. The few words drawn here are
in English and Spanish below, since core cannot use the bot's catalog.
"""

from __future__ import annotations

import math

from core.where.results import Comparison

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("{a} and {b}: their titles", "{a} y {b}: sus títulos"),
    "only": ("only on {platform}", "solo en {platform}"),
    "both": ("on both", "en las dos"),
    "split": ("{movies} movies · {shows} shows", "{movies} películas · {shows} series"),
    "note": (
        "Works, not catalog ids: a film listed on both platforms counts once, as shared. "
        "Circle areas are to scale.",
        "Obras, no ids de catálogo: una película en las dos plataformas cuenta una vez, como "
        "común. Las áreas de los círculos están a escala.",
    ),
}


def _label(lang: str, key: str, **params: object) -> str:
    en, es = _LABELS[key]
    return (es if lang == "es" else en).format(**params)


def _lens(r1: float, r2: float, d: float) -> float:
    """The area two circles of radii ``r1``, ``r2`` share when their centres are ``d`` apart."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a1 = r1 * r1 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    a2 = r2 * r2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)
    return a1 + a2 - 0.5 * math.sqrt(max(k, 0.0))


def venn_layout(n_a: int, n_b: int, shared: int) -> tuple[float, float, float]:
    """Radii and centre distance so the areas are ``n_a``, ``n_b`` and their overlap ``shared``
    (bisection: the shared area falls as the centres move apart)."""
    r1, r2 = math.sqrt(max(n_a, 1) / math.pi), math.sqrt(max(n_b, 1) / math.pi)
    if shared <= 0:
        return r1, r2, (r1 + r2) * 1.04
    low, high = abs(r1 - r2), r1 + r2
    for _ in range(60):
        mid = (low + high) / 2
        if _lens(r1, r2, mid) > shared:
            low = mid
        else:
            high = mid
    return r1, r2, (low + high) / 2


def compare_chart(result: Comparison, lang: str = "en") -> bytes:
    """A PNG (1280 x 960) of the two catalogs as overlapping circles, with the counts."""
    from matplotlib.patches import Circle  # with core.eda: only when a chart is drawn

    from core.eda.labels import number
    from core.eda.style import INK, color, platform_name, render

    a, b = result.platform_a, result.platform_b
    n_a = result.only_a.total + result.shared.total
    n_b = result.only_b.total + result.shared.total
    r1, r2, d = venn_layout(n_a, n_b, result.shared.total)

    def draw(fig) -> str:
        ax = fig.add_subplot()
        ax.set_aspect("equal")
        ax.set_axis_off()
        x1, x2 = 0.0, d
        for x, r, key in ((x1, r1, a), (x2, r2, b)):
            ax.add_patch(Circle((x, 0), r, color=color(key), alpha=0.45, linewidth=0))
            ax.add_patch(Circle((x, 0), r, fill=False, edgecolor=color(key), linewidth=2))
        top = max(r1, r2)

        def split(part) -> str:
            movies, shows = number(part.movies, lang), number(part.shows, lang)
            return _label(lang, "split", movies=movies, shows=shows)

        margins = []
        for x, r, key, part in ((x1, r1, a, result.only_a), (x2, r2, b, result.only_b)):
            side = -1 if key == a else 1
            small = r < 0.8 * top  # its words would spill out: write them beside it
            tx = x + side * r * (1.08 if small else 0.4) if d < r1 + r2 or small else x
            align = ("right" if side < 0 else "left") if small else "center"
            margins.append(top * 1.1 if small else r * 0.15)
            text = {"ha": align, "va": "center", "color": INK}
            ax.text(tx, 0.16 * top, number(part.total, lang), fontsize=20, weight="bold", **text)
            only = _label(lang, "only", platform=platform_name(key))
            ax.text(tx, -0.08 * top, only, fontsize=12, **text)
            ax.text(tx, -0.24 * top, split(part), fontsize=10, **text)
        lens_x = (x1 + r1 + x2 - r2) / 2 if d < r1 + r2 else (x1 + x2) / 2
        ax.annotate(
            f"{_label(lang, 'both')}: {number(result.shared.total, lang)}\n{split(result.shared)}",
            xy=(lens_x, 0),
            xytext=(lens_x, top * 1.25),
            ha="center",
            va="bottom",
            fontsize=12,
            fontweight="bold",
            color=INK,
            arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 1},
        )
        ax.set_xlim(x1 - r1 - margins[0], x2 + r2 + margins[1])
        ax.set_ylim(-top * 1.45, top * 1.75)
        return _label(lang, "note")

    title = _label(lang, "title", a=platform_name(a), b=platform_name(b))
    # ``render`` titles a chart with the label of ``title.<name>``; a name that is no label is
    # drawn as given, which is what this chart's own (translated) title needs.
    return render(title, None, lang, draw)
