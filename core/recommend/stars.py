"""Honest stars: predicted ratings calibrated on ratings the model never saw.

Why: a factor model's raw prediction for someone who rated five titles 5 stars is 4.8-4.9 for
nearly everything, while no title's mean rating is above 3.72; the yes/no verdict built on it
said yes to everything. Here the stars are learned on the validation users' hidden ratings:
a least-squares line over the sources' star estimates and the blend's ranking score, then an
isotonic (monotone) map from that line to the mean actual rating, so "4.0" means that ratings
predicted near 4.0 averaged 4.0 on people the model had not seen. The map joins the levels at
their centres by straight lines instead of steps: a step gave every title of a block (hundreds
of them) the same stars, and on the benchmark's test ratings the joined map had an equal or
lower RMSE on all four splits (docs/benchmarks.md). ``calibration_table`` reports it per bin on
the holdout.

Why the isotonic fit runs over bins of the line (equal counts, >= 100 ratings each) and not
over the single ratings: fitted on single ratings, the lowest block is lowest partly because
its few ratings happened to come out low, and the tails of the map were that noise (on the
benchmark's test people, a 1.5-2 star bin predicted 1.71 and averaged 2.00). Bins cut by the
line alone do not choose their members by outcome. Past the lowest and the highest bins' centres
the map goes on at its mean slope (the first and last levels are each an average of 100
ratings, not a minimum or maximum of noisy ones).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.recommend.base import RATING_MAX, RATING_MIN

BIN_EDGES = np.arange(0.5, 5.01, 0.5)
"""Half-star bins of the calibration table."""
MIN_BIN_RATINGS = 100
MAX_BINS = 100
"""The map is learned over bins of the line of equal counts (at least ``MIN_BIN_RATINGS``
ratings each, at most ``MAX_BINS`` bins), not over single ratings; see ``Stars``."""


@dataclass(frozen=True)
class Stars:
    """``stars = iso(coef . [1, features...])``, clipped to 0.5..5."""

    coef: np.ndarray
    iso_x: np.ndarray
    iso_y: np.ndarray

    @classmethod
    def identity(cls, n_features: int) -> Stars:
        """Stars = the first feature as it is (before any calibration data exists)."""
        coef = np.zeros(n_features + 1)
        coef[1] = 1.0
        return cls(coef, np.array([RATING_MIN, RATING_MAX]), np.array([RATING_MIN, RATING_MAX]))

    @classmethod
    def fit(cls, features: np.ndarray, actual: np.ndarray) -> Stars:
        """Line then isotonic map, on (rows of ``features``, actual rating) pairs."""
        from sklearn.isotonic import IsotonicRegression

        features = np.atleast_2d(np.asarray(features, np.float64))
        if features.shape[0] < 20:
            return cls.identity(features.shape[1])
        design = np.hstack([np.ones((features.shape[0], 1)), features])
        ridge = 1e-3 * np.eye(design.shape[1])
        ridge[0, 0] = 0.0
        coef = np.linalg.solve(design.T @ design + ridge, design.T @ actual)
        line = design @ coef
        # Bins of the line first, of equal counts, then the isotonic fit over their means.
        order = np.argsort(line, kind="stable")
        size = max(MIN_BIN_RATINGS, -(-line.size // MAX_BINS))
        bins = np.array_split(order, max(1, line.size // size))
        centres = np.array([line[b].mean() for b in bins])
        means = np.array([actual[b].mean() for b in bins])
        counts = np.array([b.size for b in bins], np.float64)
        iso = IsotonicRegression(y_min=RATING_MIN, y_max=RATING_MAX)
        fitted = iso.fit(centres, means, sample_weight=counts).predict(centres)
        # Bins the isotonic fit pooled are one block, joined at its centre (no flat stretch).
        levels, block = np.unique(fitted, return_inverse=True)
        centres = np.bincount(block, weights=centres * counts) / np.bincount(block, weights=counts)
        if levels.size < 2:  # one block: every title gets its mean
            centres, levels = np.array([line.min(), line.max()]), np.repeat(levels, 2)
        return cls(coef, centres, levels)

    def __call__(self, features: np.ndarray) -> np.ndarray:
        features = np.asarray(features, np.float64)
        line = self.coef[0] + features @ self.coef[1:]
        x, y = self.iso_x, self.iso_y
        if x.size < 2:
            return np.clip(line, RATING_MIN, RATING_MAX).astype(np.float32)
        stars = np.interp(line, x, y)
        # Past the outermost centres, the map's mean slope (not the last, noisiest segment's).
        slope = (y[-1] - y[0]) / (x[-1] - x[0]) if x[-1] > x[0] else 0.0
        stars = np.where(line < x[0], y[0] + slope * (line - x[0]), stars)
        stars = np.where(line > x[-1], y[-1] + slope * (line - x[-1]), stars)
        return np.clip(stars, RATING_MIN, RATING_MAX).astype(np.float32)

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"stars_coef": self.coef, "stars_iso_x": self.iso_x, "stars_iso_y": self.iso_y}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Stars:
        return cls(arrays["stars_coef"], arrays["stars_iso_x"], arrays["stars_iso_y"])


def calibration_table(predicted: np.ndarray, actual: np.ndarray) -> list[dict[str, float]]:
    """Per half-star bin of the prediction: ratings, mean predicted, mean actual, and the gap."""
    predicted, actual = np.asarray(predicted, np.float64), np.asarray(actual, np.float64)
    rows = []
    bins = np.clip(np.digitize(predicted, BIN_EDGES[1:-1]), 0, len(BIN_EDGES) - 2)
    for b in range(len(BIN_EDGES) - 1):
        mask = bins == b
        if not mask.any():
            continue
        p, a = float(predicted[mask].mean()), float(actual[mask].mean())
        rows.append(
            {
                "low": float(BIN_EDGES[b]),
                "high": float(BIN_EDGES[b + 1]),
                "ratings": int(mask.sum()),
                "predicted": round(p, 3),
                "actual": round(a, 3),
                "gap": round(p - a, 3),
            }
        )
    return rows
