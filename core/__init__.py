"""streambot core: a plain library (no Telegram) for the catalogs, ratings and recommendations.

The public surface, by module:

- ``core.settings``: ``Settings.from_env()``
- ``core.etl``: ``run_etl(source, db_path)`` and its ``EtlSummary``
- ``core.sample``: ``write_sample(out_dir, scale, seed, titles_dir)`` and the generators
- ``core.queries``: the analytics queries (``get_max_duration`` ...), ``search``, ``title``
- ``core.inputs``: parsing of user arguments shared by every front end
- ``core.ratings``: ratings given in chat, forgetting a person, watch parties
- ``core.recommend``: training, the model registry and the serving API (``Recommender``)
- ``core.recommend.lifecycle`` / ``core.jobs``: continuous training and the scheduled jobs
- ``core.where``: one title across the platforms; ``core.eda``: charts and findings
- ``core.taste``: real taste: MovieLens ratings bridged onto the catalog (``load_taste``)
- ``core.backup``: online backup and restore
- ``core.errors``: the named errors every front end translates

Nothing is imported here eagerly: importing ``core`` loads no data and no heavy module.
"""
