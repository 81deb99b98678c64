"""What a training measured on its holdout, as one typed record (stored as JSON in the registry).

Why typed: the guard compares a candidate with the live model and with its baselines, the CLI
and ``/modelinfo`` show the figures, and the registry stores them; with a dict of string keys
each reader spelled the keys again. ``Metrics.from_dict`` also reads the older records (format
1: ``precision_at_10``, ``popularity_precision_at_10``, ``rmse``...), so old versions still
list and compare.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Holdout ratings whose predicted stars fell in ``[low, high)``."""

    low: float
    high: float
    ratings: int
    predicted: float
    actual: float
    gap: float


@dataclass(frozen=True, slots=True)
class Metrics:
    """Holdout figures of one model version (real people's newest ratings, never trained on)."""

    precision_at_10: float | None = None
    recall_at_10: float | None = None
    ndcg_at_10: float | None = None
    popularity_precision_at_10: float | None = None
    """The best popularity source alone, on the same holdout: the first bar to clear."""
    content_precision_at_10: float | None = None
    """The content model alone, on the same holdout: the second bar."""
    gain_over_baselines: float | None = None
    """Mean per-person NDCG@10 gain of the model over the better of those two baselines..."""
    gain_error: float | None = None
    """...and its standard error (paired over the holdout people)."""
    rmse: float | None = None
    mae: float | None = None
    ranked_users: int = 0
    holdout_ratings: int = 0
    holdout_source: str = ""
    """Whose ratings were held out: ``taste`` (real people) or ``ratings`` (the table)."""
    weights: dict[str, float] = field(default_factory=dict)
    """The sources' learned weights."""
    alone: dict[str, float] = field(default_factory=dict)
    """Each source's own precision@10 on the validation users."""
    calibration: tuple[CalibrationBin, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Metrics:
        """From ``to_dict`` output or an older record; unknown keys are ignored."""
        data = dict(data or {})
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["calibration"] = tuple(
            CalibrationBin(**b) for b in values.get("calibration") or () if isinstance(b, dict)
        )
        return cls(**values)

    def worst_calibration_gap(self, min_ratings: int = 100) -> float | None:
        """The largest |mean predicted - mean actual| over bins with ``min_ratings`` or more."""
        gaps = [abs(b.gap) for b in self.calibration if b.ratings >= min_ratings]
        return max(gaps) if gaps else None
