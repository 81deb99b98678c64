"""Model kinds by the name stored in artifacts, so loading needs no pickled classes."""

from __future__ import annotations

import numpy as np

from core.recommend.base import Model
from core.recommend.config import RecommenderConfig
from core.recommend.content import ContentModel
from core.recommend.ease import Ease
from core.recommend.hybrid import Hybrid
from core.recommend.ials import ImplicitALS
from core.recommend.lightfm_model import LightFMRanker
from core.recommend.mf import MatrixFactorization
from core.recommend.popularity import Popularity
from core.recommend.sequence import NextRated

MODEL_KINDS: dict[str, type[Model]] = {
    cls.kind: cls
    for cls in (
        Popularity,
        MatrixFactorization,
        LightFMRanker,
        ContentModel,
        Ease,
        ImplicitALS,
        NextRated,
        Hybrid,
    )
}


def model_from_arrays(kind: str, arrays: dict[str, np.ndarray], config: RecommenderConfig) -> Model:
    """Rebuild a fitted model of ``kind``; ``ValueError`` for a kind this code does not know."""
    if kind not in MODEL_KINDS:
        raise ValueError(f"unknown model kind {kind!r}; known: {sorted(MODEL_KINDS)}")
    return MODEL_KINDS[kind].from_arrays(arrays, config)
