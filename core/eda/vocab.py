"""Shared vocabularies for comparing platforms: genre families and maturity buckets.

Why: each platform names things its own way. Netflix says "Dramas", "TV Dramas"; Hulu "Drama";
Prime Video splits "Arts, Entertainment, and Culture" into three genres at its commas. Compared
raw, every platform's labels would look "distinctive" only because of their spelling. So genres
are folded into families, and the maturity ratings of the four rating systems (MPAA, US TV,
Prime Video's age labels) into age buckets, before charts and findings compare platforms.

The maps are written against the labels of the real catalogs (and the generator, which uses the
same labels). A label missing from a map is kept under its own name (genres) or counted as
``unrated`` (maturity), so a new label shows up in the charts instead of vanishing.
"""

from __future__ import annotations

_FAMILIES: dict[str, tuple[str, ...]] = {
    "drama": ("drama", "dramas", "tv dramas", "soap opera / melodrama", "medical"),
    "comedy": (
        "comedy",
        "comedies",
        "tv comedies",
        "sitcom",
        "stand-up comedy",
        "stand up",
        "sketch comedy",
        "stand-up comedy & talk shows",
        "parody",
        "buddy",
        "romantic comedy",
    ),
    "action": (
        "action",
        "adventure",
        "action-adventure",
        "action & adventure",
        "tv action & adventure",
        "spy/espionage",
        "survival",
        "disaster",
        "superhero",
        "western",
    ),
    "thriller": (
        "suspense",
        "thriller",
        "thrillers",
        "tv thrillers",
        "mystery",
        "tv mysteries",
        "crime",
        "crime tv shows",
        "police/cop",
    ),
    "horror": ("horror", "horror movies", "tv horror"),
    "documentary": (
        "documentary",
        "documentaries",
        "docuseries",
        "biographical",
        "science & nature tv",
        "science & technology",
        "animals & nature",
        "news",
    ),
    "kids": ("kids", "family", "children & family movies", "kids' tv", "cartoons"),
    "teen": ("young adult audience", "teen", "teen tv shows", "coming of age"),
    "animation": ("animation", "adult animation"),
    "anime": ("anime", "anime series", "anime features"),
    "scifi": ("science fiction", "fantasy", "sci-fi & fantasy", "tv sci-fi & fantasy"),
    "romance": ("romance", "romantic movies", "romantic tv shows"),
    "international": (
        "international",
        "international movies",
        "international tv shows",
        "british tv shows",
        "spanish-language tv shows",
        "korean tv shows",
        "latino",
    ),
    "music": (
        "music",
        "musical",
        "music & musicals",
        "music videos and concerts",
        "concert film",
        "dance",
    ),
    "reality": (
        "reality",
        "reality tv",
        "unscripted",
        "lifestyle",
        "lifestyle & culture",
        "cooking & food",
        "game show / competition",
        "game shows",
        "travel",
        "health & wellness",
        "fitness",
        "talk show",
        "talk show and variety",
        "variety",
        "late night",
    ),
    "sports": ("sports", "sports movies"),
    "classic": ("classics", "classic movies", "cult movies", "classic & cult tv"),
    "independent": ("independent movies", "arthouse"),
    "lgbtq": ("lgbtq", "lgbtq+", "lgbtq movies"),
    "faith": ("faith and spirituality", "faith & spirituality"),
    "history": ("historical", "history", "military and war"),
    "special": ("special interest",),
    "arts": ("arts", "entertainment", "and culture"),
    "black": ("black stories",),
    "anthology": ("anthology",),
}
_NOT_GENRES = frozenset({"movies", "tv shows", "series"})
"""Labels that only repeat the title's type."""

GENRE_FAMILY: dict[str, str] = {
    label: family for family, labels in _FAMILIES.items() for label in labels
}
"""Stored (lower-case) genre label -> genre family key."""

GENRE_FAMILIES: tuple[str, ...] = tuple(_FAMILIES)


def genre_family(label: str) -> str | None:
    """The family of a stored genre label; None for labels that name no genre ("movies")."""
    if label in _NOT_GENRES:
        return None
    return GENRE_FAMILY.get(label, label)


MATURITY_BUCKETS: tuple[str, ...] = ("all", "kids", "pg", "teen", "16", "adult", "unrated")
"""Age buckets, youngest first; ``unrated`` last."""

_MATURITY: dict[str, tuple[str, ...]] = {
    "all": ("g", "tv-g", "all", "all_ages", "tv-y"),
    "kids": ("tv-y7", "tv-y7-fv", "7+"),
    "pg": ("pg", "tv-pg"),
    "teen": ("pg-13", "tv-14", "13+"),
    "16": ("16+", "16", "ages_16_"),
    "adult": ("r", "nc-17", "tv-ma", "18+", "ages_18_"),
    "unrated": ("nr", "unrated", "not_rate", "not rated", "ur", "tv-nr"),
}
MATURITY_BUCKET: dict[str, str] = {
    label: bucket for bucket, labels in _MATURITY.items() for label in labels
}
"""Stored (lower-case) maturity rating -> bucket. The ETL stores a missing rating as ``g``."""


def maturity_bucket(label: str | None) -> str:
    return MATURITY_BUCKET.get((label or "").strip().lower(), "unrated")
