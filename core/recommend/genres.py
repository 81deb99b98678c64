"""One genre vocabulary for the four catalogs, as the content model and the personas see it.

Why: each platform names genres its own way ("Horror Movies" and "TV Horror" on Netflix,
"Horror" on Hulu and Prime Video; "Kids' TV" and "Children & Family Movies" against "Kids" and
"Family"), and some labels carry two genres ("Action & Adventure", "Sci-Fi & Fantasy"). Compared
raw, a Netflix horror film and a Prime Video horror film would share no genre. Every catalog
label maps here to one or more shared genres; the type a label repeats ("TV", "Movies") is the
title's type and is dropped. A label missing from the map keeps its own folded name, so a new
label still works as a genre of its own.
"""

from __future__ import annotations

from functools import lru_cache

from core.text import fold

_ALIASES: dict[str, tuple[str, ...]] = {
    "action & adventure": ("action", "adventure"),
    "action-adventure": ("action", "adventure"),
    "tv action & adventure": ("action", "adventure"),
    "adventure": ("adventure",),
    "action": ("action",),
    "animals & nature": ("nature", "documentary"),
    "science & nature tv": ("nature", "science", "documentary"),
    "science & technology": ("science", "documentary"),
    "anime features": ("anime",),
    "anime series": ("anime",),
    "adult animation": ("animation", "adult animation"),
    "cartoons": ("animation", "kids"),
    "arts": ("arts",),
    "entertainment": ("arts",),
    "and culture": ("arts",),
    "biographical": ("biography",),
    "black stories": ("black stories",),
    "british tv shows": ("british", "international"),
    "korean tv shows": ("korean", "international"),
    "spanish-language tv shows": ("spanish-language", "international"),
    "latino": ("latino",),
    "international movies": ("international",),
    "international tv shows": ("international",),
    "children & family movies": ("kids", "family"),
    "kids' tv": ("kids",),
    "classic & cult tv": ("classic", "cult"),
    "classic movies": ("classic",),
    "classics": ("classic",),
    "cult movies": ("cult",),
    "comedies": ("comedy",),
    "tv comedies": ("comedy",),
    "romantic comedy": ("comedy", "romance"),
    "sitcom": ("comedy", "sitcom"),
    "sketch comedy": ("comedy",),
    "parody": ("comedy",),
    "buddy": ("comedy",),
    "stand-up comedy": ("stand-up",),
    "stand up": ("stand-up",),
    "stand-up comedy & talk shows": ("stand-up", "talk show"),
    "talk show": ("talk show",),
    "talk show and variety": ("talk show",),
    "variety": ("talk show",),
    "late night": ("talk show",),
    "crime tv shows": ("crime",),
    "police/cop": ("crime",),
    "documentaries": ("documentary",),
    "docuseries": ("documentary",),
    "news": ("documentary", "news"),
    "dramas": ("drama",),
    "tv dramas": ("drama",),
    "soap opera / melodrama": ("drama",),
    "medical": ("drama",),
    "faith and spirituality": ("faith",),
    "faith & spirituality": ("faith",),
    "fitness": ("fitness",),
    "health & wellness": ("fitness",),
    "cooking & food": ("food",),
    "game show / competition": ("game show",),
    "game shows": ("game show",),
    "historical": ("history",),
    "military and war": ("war", "history"),
    "horror movies": ("horror",),
    "tv horror": ("horror",),
    "independent movies": ("independent",),
    "arthouse": ("independent",),
    "lgbtq movies": ("lgbtq",),
    "lgbtq+": ("lgbtq",),
    "lifestyle & culture": ("lifestyle",),
    "music & musicals": ("music", "musical"),
    "music videos and concerts": ("music", "concert"),
    "concert film": ("music", "concert"),
    "tv mysteries": ("mystery",),
    "reality tv": ("reality",),
    "unscripted": ("reality",),
    "romantic movies": ("romance",),
    "romantic tv shows": ("romance",),
    "sci-fi & fantasy": ("science fiction", "fantasy"),
    "tv sci-fi & fantasy": ("science fiction", "fantasy"),
    "sports movies": ("sports",),
    "spy/espionage": ("spy", "thriller"),
    "suspense": ("thriller",),
    "thrillers": ("thriller",),
    "tv thrillers": ("thriller",),
    "teen tv shows": ("teen",),
    "young adult audience": ("teen",),
    "coming of age": ("teen", "coming of age"),
    "superhero": ("superhero", "action"),
    "disaster": ("disaster", "action"),
    "survival": ("survival", "adventure"),
}
_NOT_GENRES = frozenset({"movies", "tv shows", "series", "special interest"})
"""Labels that only repeat the title's type, or say nothing about its content."""


@lru_cache(maxsize=1024)
def shared_genres(label: str) -> tuple[str, ...]:
    """The shared genres a catalog label stands for (none for a type label)."""
    key = " ".join(fold(label).split())
    if not key or key in _NOT_GENRES:
        return ()
    return _ALIASES.get(key, (key,))
