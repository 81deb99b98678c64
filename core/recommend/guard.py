"""When a trained candidate may go live: it must beat its baselines, and not lose to the live model.

Why two bars: the old guard only compared a candidate with the live model, so a model that had
learned nothing (precision@10 0.000 against popularity's 0.001) went live when the live one was
no better. Now a candidate first has to beat the better of popularity and the content model on
its own holdout, by more than the noise of that holdout: the paired per-person NDCG@10 gain must
exceed ``BASELINE_Z`` standard errors. Then, as before, it must not be worse than the live model
beyond the margin (the larger of ``tolerance`` and two standard errors, since each version is
measured on its own holdout sample).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.recommend.metrics import Metrics

BASELINE_Z = 2.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether the candidate goes live, and why (shown in ``training_runs`` and /modelinfo)."""

    promote: bool
    reason: str


def _beats_baselines(candidate: Metrics) -> str | None:
    """None when the candidate beats its baselines; otherwise why not."""
    gain, error = candidate.gain_over_baselines, candidate.gain_error
    if gain is None:
        return "it has no holdout figures to compare with its baselines"
    if error is None or not gain > BASELINE_Z * error:
        return (
            f"it does not beat popularity ({candidate.popularity_precision_at_10}) and the "
            f"content model ({candidate.content_precision_at_10}) on its holdout: "
            f"precision@10 {candidate.precision_at_10}, NDCG gain {gain} ± {error}"
        )
    return None


def guard(candidate: Metrics, live: Metrics | None, tolerance: float) -> Verdict:
    """Promote a candidate that beats its baselines and is not worse than the live model."""
    why_not = _beats_baselines(candidate)
    if why_not is not None:
        return Verdict(False, why_not)
    if live is None or live.precision_at_10 is None:
        return Verdict(True, "beats its baselines (popularity, content); no live model to compare")
    worse = []
    if candidate.rmse is not None and live.rmse is not None:
        n = max(candidate.holdout_ratings, 1)
        margin = max(tolerance * live.rmse, 2 * live.rmse / math.sqrt(2 * n))
        if candidate.rmse > live.rmse + margin:
            worse.append(f"RMSE {candidate.rmse:.4f} > live {live.rmse:.4f} + margin {margin:.4f}")
    if candidate.precision_at_10 is not None:
        p, users = live.precision_at_10, max(candidate.ranked_users, 1)
        margin = max(tolerance * p, 2 * math.sqrt(max(p * (1 - p), 1e-9) / (users * 10)))
        if candidate.precision_at_10 < p - margin:
            worse.append(
                f"precision@10 {candidate.precision_at_10:.4f} < live {p:.4f} - margin {margin:.4f}"
            )
    if worse:
        return Verdict(False, "; ".join(worse))
    return Verdict(True, "beats its baselines (popularity, content) and is not worse than live")
