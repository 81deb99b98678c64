"""Artifacts, the ``models`` registry, and loading with fallbacks (never a crash)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from core import db as dbmod
from core.errors import UnknownModelVersion
from core.recommend import ensure_registry, list_models, live_record, load_live, promote
from core.recommend.artifact import FORMAT_VERSION, ArtifactError, read_artifact, write_artifact
from core.recommend.explain import FactTable
from tests.recommend_data import LOVER, build_trained


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Two promoted versions (the newer one live), trained before any sqlite3 connection opens."""
    return build_trained(tmp_path_factory.mktemp("reg"), versions=2)


@pytest.fixture
def copy(trained, tmp_path):
    """A private copy of the database and models, safe to break."""
    db_path, models, versions = trained
    shutil.copy(db_path, tmp_path / "test.db")
    shutil.copytree(models, tmp_path / "models")
    conn = dbmod.connect(tmp_path / "test.db")
    yield conn, tmp_path / "models", versions
    conn.close()


def test_an_artifact_is_complete_and_self_describing(trained):
    _, models, versions = trained
    assert sorted(p.name for p in models.iterdir()) == versions  # no temporary folders left
    art = read_artifact(models / versions[-1])
    meta = art.meta
    assert meta["format_version"] == FORMAT_VERSION and meta["kind"] == "hybrid"
    assert meta["watermark"] > 0 and meta["counts"]["ratings"] > 0
    assert {
        "rmse",
        "precision_at_10",
        "popularity_precision_at_10",
        "content_precision_at_10",
        "weights",
        "calibration",
    } <= set(meta["metrics"])
    assert {"load", "fit", "fit_dataset", "fit_taste_factors", "evaluate"} <= set(meta["timings"])
    assert meta["config"]["mf"]["factors"] == 16
    assert len(meta["files"]["model.npz"]["sha256"]) == 64
    assert all(a.dtype != object for a in art.arrays.values())


def test_stored_names_take_their_own_length_not_the_longest_ones(tmp_path):
    """A numpy text array takes 4 bytes x its longest entry for every entry: one junk cast entry
    of 1,024 characters in the real catalogs made the names 260 MB of a full-scale model, read
    into the serving process on every load. Names round-trip exactly, accents included."""
    cast = [[f"Actor {k}", "Penélope Cruz"] for k in range(2000)]
    cast[0].append("Capi Valid" * 102)
    facts = pl.DataFrame({"title": [f"Film {k}" for k in range(2000)], "cast": cast})
    table = FactTable.build(facts)
    path = write_artifact(tmp_path, "v1", table.to_arrays(), {"kind": "hybrid"})
    assert (path / "model.npz").stat().st_size < 200_000
    back = FactTable.from_arrays(read_artifact(path).arrays, facts.height)
    assert list(back.text) == list(table.text) and "Capi Valid" * 102 in back.text
    assert back.shared(1, 2) == {"cast": ["Penélope Cruz"]}


def test_the_holdout_is_measured_and_beats_both_baselines(trained):
    meta = read_artifact(trained[1] / trained[2][-1]).meta
    counts, metrics = meta["counts"], meta["metrics"]
    assert counts["holdout_ratings"] > 0 and metrics["ranked_users"] > 0
    assert metrics["precision_at_10"] > metrics["popularity_precision_at_10"]
    assert metrics["precision_at_10"] > metrics["content_precision_at_10"]
    assert metrics["gain_over_baselines"] > 2 * metrics["gain_error"]


def test_the_registry_lists_versions_and_exactly_one_is_live(copy):
    conn, _, versions = copy
    ensure_registry(conn)
    ensure_registry(conn)  # idempotent
    rows = list_models(conn)
    assert [r.version for r in rows] == versions[::-1]
    assert [r.live for r in rows] == [True, False]
    assert live_record(conn).version == versions[-1]
    promote(conn, versions[0])
    assert [r.version for r in list_models(conn) if r.live] == [versions[0]]


def test_promoting_an_unknown_version_is_a_typed_error(copy):
    conn, _, versions = copy
    with pytest.raises(UnknownModelVersion) as caught:
        promote(conn, "19990101T000000Z")
    assert caught.value.code == "unknown_model_version"
    assert caught.value.params["versions"] == versions[::-1]


def test_loading_picks_the_live_version(copy):
    conn, models, versions = copy
    rec = load_live(conn, models)
    assert rec.info.version == versions[-1] and rec.info.fallback is None
    assert rec.top_n(LOVER, 5).personalised


def _corrupt(path: Path) -> None:
    data = bytearray((path / "model.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (path / "model.npz").write_bytes(bytes(data))


def test_a_corrupt_artifact_is_detected(copy):
    _, models, versions = copy
    _corrupt(models / versions[-1])
    with pytest.raises(ArtifactError, match="checksum"):
        read_artifact(models / versions[-1])


def test_a_corrupt_live_artifact_falls_back_to_the_previous_version(copy, caplog):
    conn, models, versions = copy
    _corrupt(models / versions[-1])
    with caplog.at_level(logging.WARNING, logger="streambot.recommend"):
        rec = load_live(conn, models)
    assert rec.info.version == versions[0]
    assert versions[-1] in rec.info.fallback and "checksum" in rec.info.fallback
    assert any(versions[-1] in r.getMessage() for r in caplog.records)
    assert rec.top_n(LOVER, 5).items


@pytest.mark.parametrize("damage", ["corrupt", "missing", "bad_meta"])
def test_with_no_loadable_artifact_the_bot_answers_with_popularity(copy, caplog, damage):
    conn, models, versions = copy
    for version in versions:
        if damage == "corrupt":
            _corrupt(models / version)
        elif damage == "missing":
            shutil.rmtree(models / version)
        else:
            (models / version / "meta.json").write_text(json.dumps({"format_version": 99}))
    with caplog.at_level(logging.WARNING, logger="streambot.recommend"):
        rec = load_live(conn, models)
    assert rec.info.kind == "popularity" and rec.info.version is None
    assert "popularity" in rec.info.fallback
    assert any("popularity" in r.getMessage() for r in caplog.records)
    top = rec.top_n(LOVER, 5, platform="netflix")
    assert len(top.items) == 5 and {s.platform for s in top.items} == {"netflix"}
    assert rec.similar("ns1", 3) and 0.5 <= rec.predict(LOVER, "ns1").rating <= 5


def test_a_database_without_models_answers_with_popularity(copy):
    conn, models, _ = copy
    conn.execute("DELETE FROM models")
    conn.commit()
    rec = load_live(conn, models)
    assert rec.info.kind == "popularity" and "no model" in rec.info.fallback
    scores = [s.score for s in rec.top_n(LOVER, 10).items]
    assert scores == sorted(scores, reverse=True) and np.isfinite(scores).all()


def _cli(*argv: str) -> int:
    import argparse

    from bot.cli_recommend import register
    from core.settings import Settings

    parser = argparse.ArgumentParser(prog="streambot")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.func(args, Settings.from_env({}))


def test_the_cli_lists_models_and_prints_what_the_bot_would_say(copy, capsys):
    _, models, versions = copy
    db = str(models.parent / "test.db")
    assert _cli("models", "--db", db) == 0
    out = capsys.readouterr().out
    assert versions[0] in out and f"* {versions[-1]}" in out
    assert _cli("recommend", str(LOVER), "-n", "3", "--db", db, "--models", str(models)) == 0
    out = capsys.readouterr().out
    assert out.count("/5") == 3 and "liked" in out
    assert _cli("recommend", str(LOVER), "ns1", "--db", db, "--models", str(models)) == 0
    assert "predicted" in capsys.readouterr().out
    with pytest.raises(UnknownModelVersion):
        _cli("models", "--db", db, "--promote", "nope")


def test_a_read_only_database_without_a_models_table_answers_with_popularity(copy):
    conn, models, _ = copy
    conn.execute("DROP TABLE models")
    conn.commit()
    reader = dbmod.connect(models.parent / "test.db", readonly=True)
    try:
        assert list_models(reader) == [] and live_record(reader) is None
        rec = load_live(reader, models)
    finally:
        reader.close()
    assert rec.info.kind == "popularity" and rec.top_n(LOVER, 3).items


def test_pruning_keeps_the_live_model_its_latest_fallbacks_and_the_newest(tmp_path):
    """Four promoted versions (the fourth live) and a newer candidate that was never promoted;
    keeping 2 deletes the two oldest, files and rows, and the fallback still works."""
    from core.recommend.registry import prune_models
    from core.recommend.train import train
    from tests.recommend_data import FAST, HALF

    db_path, models, versions = build_trained(tmp_path, versions=4, scale=HALF)
    candidate = train(db_path, models, FAST).version
    conn = dbmod.connect(db_path)
    try:
        assert prune_models(conn, models, keep=0) == []
        assert prune_models(conn, models, keep=2) == versions[:2]
        left = {r.version for r in list_models(conn)}
        assert left == {versions[2], versions[3], candidate}
        assert sorted(p.name for p in models.iterdir() if not p.name.startswith(".")) == sorted(
            left
        )
        assert load_live(conn, models).info.version == versions[3]
        (models / versions[3] / "model.npz").write_bytes(b"broken")
        assert load_live(conn, models).info.version == versions[2]  # the kept fallback
        assert prune_models(conn, models, keep=2) == []  # nothing more to delete
    finally:
        conn.close()
