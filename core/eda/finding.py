# ruff: noqa: RUF001 -- typographic dashes, minus and times signs are intended in drawn text
"""Findings: sentences computed from the data, each with the numbers it states.

A ``Finding`` carries a ``code`` (which sentence), ``params`` (the raw values, JSON-ready) and
``text`` (the English sentence). Front ends write it in another language from ``code`` and
``display_params(lang)``, which formats each value the way that language writes it:

- ``platform``, ``platform_b``: platform keys -> display names ("Prime Video");
- ``genre``: a genre family key (``core.eda.vocab``) -> its name in the language;
- ``bucket``: a maturity bucket key -> its name;
- ``var_a``, ``var_b``: correlation variable keys -> their names;
- ``month``: ``"YYYY-MM"`` -> "Mar 2019" / "mar 2019";
- ``title``, ``titles``: data text, unchanged (a front end escapes it);
- other ints get thousands separators; floats get ``DIGITS.get(key, 1)`` decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.eda.labels import genre_name, label, maturity_name, month_name, number
from core.eda.style import platform_name

DIGITS: dict[str, int] = {"r": 2, "score": 2, "score_b": 2, "median_score": 2}
"""Decimals of float params; any other float gets 1."""

TEMPLATES: dict[str, str] = {
    "added_peak": "{platform} added the most titles in {year}: {n}.",
    "added_missing": (
        "{platform} gives the date a title was added for only {n} of its {total} titles, so it "
        "is left out of this chart."
    ),
    "release_median": "Half of {platform}'s titles came out in {year} or earlier.",
    "release_oldest": (
        "{platform} has the oldest catalog: half of it came out in {year} or earlier."
    ),
    "mix_share": "{platform} is {pct}% movies: {movies} movies and {shows} shows.",
    "mix_most_shows": "{platform} leans most to shows: {pct}% of its {total} titles.",
    "mix_alike": "No platform leans to shows more than another beyond chance.",
    "duration_median": "{platform}'s movies run {minutes} min at the median.",
    "duration_outliers": (
        "{platform} has {n} movies longer than {fence} min; the longest is “{title}” at "
        "{minutes} min ({hours} h)."
    ),
    "duration_outlier_titles": "Far outliers on {platform} include {titles}.",
    "seasons_single": "{pct}% of {platform}'s shows have a single season.",
    "seasons_max": "The show with the most seasons on {platform} is “{title}”: {n}.",
    "genre_top": "{platform}'s top genre is {genre}: {pct}% of its titles.",
    "genre_distinctive": (
        "{platform}'s most distinctive genre is {genre}: {pct}% of its titles, against "
        "{other_pct}% on the other platforms ({lift}×)."
    ),
    "maturity_adult": "{pct}% of {platform}'s titles are for adults (18+).",
    "maturity_most_adult": "{platform} has the largest share of titles for adults: {pct}%.",
    "maturity_least_adult": "{platform} has the smallest share of titles for adults: {pct}%.",
    "score_mean": (
        "{platform}'s {n} titles with at least {min} ratings score {score} on average "
        "(median {score_b})."
    ),
    "score_best_platform": (
        "{platform} scores highest on average: {score} over {n} titles, against {score_b} for "
        "{platform_b}, the next: a gap beyond their 95% intervals."
    ),
    "score_platforms_alike": (
        "No platform scores higher than another: the mean scores ({score} to {score_b}) differ "
        "by less than their 95% intervals."
    ),
    "score_year": (
        "Titles released before {year} score {score} on average; those from {year} on, "
        "{score_b} (r = {r} between score and year)."
    ),
    "score_duration": (
        "Movie length and score: r = {r} over {n} movies; movies over {minutes} min score "
        "{score} against {score_b} for the rest."
    ),
    "score_genre_best": (
        "{genre} scores highest: {score} over {n} titles; {genre_b} lowest, {score_b}: a gap "
        "beyond their 95% intervals."
    ),
    "score_genres_alike": (
        "No genre scores apart: the genres' means ({score} to {score_b}) lie within their "
        "95% intervals of one another."
    ),
    "correlation": "{var_a} and {var_b}: r = {r} over {n} titles.",
    "correlation_none": (
        "{var_a} and {var_b}: no relation beyond chance (r = {r} over {n} titles)."
    ),
    "users_median": (
        "Half of the {users} users gave {n} ratings or fewer; the most active gave {max}."
    ),
    "users_top_share": "The top 1% of users ({n}) gave {pct}% of all ratings.",
    "users_median_platform": (
        "Half of the {users} users who rated {platform} titles rated {n} of them or fewer; the "
        "most active, {max}."
    ),
    "users_top_share_platform": (
        "The top 1% of them ({n}) gave {pct}% of the ratings of {platform} titles."
    ),
    "activity_peak": "Ratings peaked in {month}: {n} in that month.",
    "activity_total": "{n} ratings from {first} to {last}, {per_month} a month on average.",
    "activity_peak_platform": "Ratings of {platform} titles peaked in {month}: {n}.",
    "activity_total_platform": (
        "{n} ratings of {platform} titles from {first} to {last}, {per_month} a month on average."
    ),
    "overlap_total": (
        "{n} works ({pct}%) are on more than one platform (a film or show counts once, as "
        "/compare counts it)."
    ),
    "overlap_pair": "{platform} and {platform_b} share the most works: {n}.",
    "overlap_example": "“{title}” ({year}) is on {n} platforms.",
}
"""The English sentence of each code; the bot's catalog has the same codes in each language."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One computed observation about a chart's data."""

    chart: str
    code: str
    params: dict[str, object] = field(hash=False)
    platform: str | None = None
    """The platform it is about, or None when it compares platforms."""

    @property
    def text(self) -> str:
        """The English sentence."""
        return TEMPLATES[self.code].format(**self.display_params("en"))

    def display_params(self, lang: str) -> dict[str, str]:
        """Every param as ``lang`` writes it (see the module docstring); text is not escaped."""
        return {key: _show(key, value, lang) for key, value in self.params.items()}


def _show(key: str, value: object, lang: str) -> str:
    if key.startswith("platform"):
        return platform_name(str(value))
    if key.startswith("genre"):
        return genre_name(str(value), lang)
    if key == "bucket":
        return maturity_name(str(value), lang)
    if key.startswith("var_"):
        name = label(lang, f"var.{value}")
        return name if key == "var_a" else name[:1].lower() + name[1:]
    if key in ("month", "first", "last"):
        year, month = str(value).split("-")
        return month_name(int(month), int(year), lang)
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int):
        return str(value) if key == "year" else number(value, lang)
    if isinstance(value, float):
        text = number(value, lang, DIGITS.get(key, 1))
        return text.replace("-", "−") if key == "r" else text
    return str(value)


def pct(part: float, whole: float) -> float:
    """A percentage rounded as shown (one decimal); 0 when ``whole`` is 0."""
    return round(100.0 * part / whole, 1) if whole else 0.0
