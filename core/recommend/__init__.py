"""Recommendations: training from SQLite ratings, versioned artifacts, and the serving API.

What callers may use (everything else is internal):

- ``core.recommend.train.train(db_path, models_dir, config) -> TrainResult``: one training run,
  recorded, not live unless ``promote=True``. Run it where no ``sqlite3`` connection to the
  database is open. (Imported from its module: the module and the function share the name.)
- ``ensure_registry``, ``list_models``, ``promote``, ``live_record``: the ``models`` table.
- ``load_live(conn, models_dir) -> Recommender``: the live model with fallbacks; never raises
  for a broken artifact. ``ServedModel``: the one a server answers with, swapped on promotion.
- ``Recommender``: ``predict``, ``top_n``, ``similar``, ``for_group``.
- ``audience``: who is asking (me, a watch party, a dataset user), the privacy rule, /forget.
- ``lifecycle``: when to train, training in a child process, the guard, ``Trainer``.
- ``RecommenderConfig``: every hyper-parameter.

Nothing here imports ``telegram``, and nothing is loaded or trained at import time: the names
below load their module on first use (PEP 562), so ``import core.recommend.lifecycle`` in a
server does not pull in numpy's model code, polars or LightFM.
See docs/recommender.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "BlendConfig": "config",
    "LightFMConfig": "config",
    "MFConfig": "config",
    "RecommenderConfig": "config",
    "ModelRecord": "registry",
    "ensure_registry": "registry",
    "list_models": "registry",
    "live_record": "registry",
    "promote": "registry",
    "prune_models": "registry",
    "load_live": "serving",
    "ServedModel": "serving",
    "ModelInfo": "results",
    "Prediction": "results",
    "Reason": "results",
    "Recommendations": "results",
    "Suggestion": "results",
    "scrub_forgotten": "scrub",
    "Recommender": "service",
}

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
    "ServedModel",
    "Suggestion",
    "ensure_registry",
    "list_models",
    "live_record",
    "load_live",
    "promote",
    "prune_models",
    "scrub_forgotten",
]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'core.recommend' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"core.recommend.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from core.recommend.config import BlendConfig, LightFMConfig, MFConfig, RecommenderConfig
    from core.recommend.registry import (
        ModelRecord,
        ensure_registry,
        list_models,
        live_record,
        promote,
        prune_models,
    )
    from core.recommend.results import ModelInfo, Prediction, Reason, Recommendations, Suggestion
    from core.recommend.scrub import scrub_forgotten
    from core.recommend.service import Recommender
    from core.recommend.serving import ServedModel, load_live
