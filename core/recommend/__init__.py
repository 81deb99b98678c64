"""Recommendations: training from SQLite ratings, versioned artifacts, and the serving API.

What callers may use (everything else is internal):

- ``train(db_path, models_dir, config) -> TrainResult``: one training run, recorded, not live
  unless ``promote=True``. Run it where no ``sqlite3`` connection to the database is open.
- ``ensure_registry``, ``list_models``, ``promote``, ``live_model``: the ``models`` table.
- ``load_live(conn, models_dir) -> Recommender``: the live model with fallbacks; never raises
  for a broken artifact.
- ``Recommender``: ``predict``, ``top_n``, ``similar``, ``for_group``, ``fresh_ratings``.
- ``RecommenderConfig``: every hyper-parameter.

Nothing here imports ``telegram``, and nothing is loaded or trained at import time.
See docs/recommender.md.
"""

from core.recommend.config import BlendConfig, LightFMConfig, MFConfig, RecommenderConfig
from core.recommend.registry import (
    ModelRecord,
    ensure_registry,
    list_models,
    live_model,
    load_live,
    promote,
    prune_models,
)
from core.recommend.results import (
    ModelInfo,
    Prediction,
    Reason,
    Recommendations,
    Suggestion,
)
from core.recommend.scrub import scrub_forgotten
from core.recommend.service import Recommender
from core.recommend.train import TrainResult, train

__all__ = [
    "BlendConfig",
    "LightFMConfig",
    "MFConfig",
    "ModelInfo",
    "ModelRecord",
    "Prediction",
    "Reason",
    "Recommendations",
    "Recommender",
    "RecommenderConfig",
    "Suggestion",
    "TrainResult",
    "ensure_registry",
    "list_models",
    "live_model",
    "load_live",
    "promote",
    "prune_models",
    "scrub_forgotten",
    "train",
]
