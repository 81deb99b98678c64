"""Score by genre: the mean score of each genre family, with its 95% interval."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from core.eda.finding import Finding
from core.eda.labels import genre_name, label, number
from core.eda.score_charts import MIN_RATINGS, MIN_TITLES, PLATFORM_CODE_SQL, platform_code
from core.eda.spec import ChartSpec
from core.eda.style import ACCENT, INK, MUTED, color, no_data
from core.eda.vocab import genre_family
from core.queries.support import LIST_SEPARATOR
from core.significance import differs, mean_of


@dataclass(frozen=True, slots=True)
class GenreScores:
    """The scored titles (``MIN_RATINGS`` ratings or more) with their genre families."""

    platform: np.ndarray
    score: np.ndarray
    families: tuple[frozenset[str], ...]


def load_genre_scores(conn: sqlite3.Connection) -> GenreScores:
    rows = conn.execute(
        f"SELECT {PLATFORM_CODE_SQL}, q.score, c.genres FROM q_titles q JOIN q_cards c "
        "ON c.id = q.id WHERE q.rating_count >= ? AND q.score IS NOT NULL AND c.genres != '' "
        "ORDER BY q.id",
        (MIN_RATINGS,),
    ).fetchall()
    families = tuple(
        frozenset(f for f in map(genre_family, genres.split(LIST_SEPARATOR)) if f is not None)
        for _, _, genres in rows
    )
    return GenreScores(
        np.array([r[0] for r in rows], dtype=int),
        np.array([r[1] for r in rows], dtype=float),
        families,
    )


_GENRES_SHOWN = 16


def _genre_scores(data: GenreScores, platform: str | None) -> dict[str, np.ndarray]:
    """Scores per genre family, for the ``_GENRES_SHOWN`` families with the most scored titles
    (at least ``MIN_TITLES``)."""
    scores = data.score
    chosen = (
        np.ones(scores.size, bool) if platform is None else data.platform == platform_code(platform)
    )
    found: dict[str, list[float]] = {}
    for i in np.flatnonzero(chosen):
        for family in data.families[i]:
            found.setdefault(family, []).append(scores[i])
    common = sorted(found, key=lambda f: (-len(found[f]), f))[:_GENRES_SHOWN]
    return {f: np.array(found[f]) for f in common if len(found[f]) >= MIN_TITLES}


def draw_score_genre(fig: Figure, data: GenreScores, platform: str | None, lang: str) -> str | None:
    ax = fig.add_subplot()
    groups = _genre_scores(data, platform)
    if not groups:
        no_data(ax, lang)
        return None
    ranked = sorted(groups, key=lambda f: (groups[f].mean(), f))
    means = np.array([groups[f].mean() for f in ranked])
    errors = np.array([1.96 * groups[f].std(ddof=1) / math.sqrt(groups[f].size) for f in ranked])
    ink = color(platform) if platform else INK
    y = np.arange(len(ranked))
    ax.errorbar(
        means, y, xerr=errors, fmt="o", ms=8, color=ink, ecolor=ACCENT, elinewidth=2.5, capsize=0
    )
    ax.set_yticks(y, [genre_name(f, lang) for f in ranked], fontsize=11)
    chosen = (
        np.ones(data.score.size, bool)
        if platform is None
        else data.platform == platform_code(platform)
    )
    overall = float(data.score[chosen].mean())
    ax.axvline(overall, color=MUTED, ls="--", lw=1.4)
    # At the bottom, right of the line: the lowest-scored genre is drawn there, left of it.
    ax.annotate(
        f"{label(lang, 'legend.mean')} {number(overall, lang, 2)}",
        (overall, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(5, 5),
        textcoords="offset points",
        va="bottom",
        fontsize=11,
        color=MUTED,
    )
    ax.set_xlabel(label(lang, "axis.mean_score"))
    ax.grid(axis="y", visible=False)
    ax.margins(y=0.06)
    return label(lang, "note.genre_n", n=MIN_TITLES, shown=_GENRES_SHOWN, min=MIN_RATINGS)


def find_score_genre(data: GenreScores, platform: str | None) -> tuple[Finding, ...]:
    groups = _genre_scores(data, platform)
    if len(groups) < 2:
        return ()
    means = {f: mean_of(scores) for f, scores in groups.items()}
    best = max(means, key=lambda f: (means[f].value, f))
    worst = min(means, key=lambda f: (means[f].value, f))
    if not differs(means[best], means[worst]):
        # Every genre scores alike within chance (core.significance): say that instead.
        params = {"score": round(means[worst].value, 2), "score_b": round(means[best].value, 2)}
        return (Finding("score_genre", "score_genres_alike", params, platform),)
    params = {
        "genre": best,
        "score": round(means[best].value, 2),
        "n": means[best].n,
        "genre_b": worst,
        "score_b": round(means[worst].value, 2),
    }
    return (Finding("score_genre", "score_genre_best", params, platform),)


CHARTS = (
    ChartSpec("score_genre", "scores", True, load_genre_scores, draw_score_genre, find_score_genre),
)
