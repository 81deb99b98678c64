# ruff: noqa: RUF001 -- typographic dashes, minus and times signs are intended in drawn text
"""The words drawn inside the charts, in English and Spanish: ``label(lang, key, **params)``.

Why here and not in the bot's catalog: the images are drawn by core, which must not import the
bot. Captions, buttons and findings' sentences are the bot's (``bot/i18n/charts.py``). Every key
exists in both languages with the same placeholders (``tests/test_eda_render.py`` checks it).
Genre family and maturity bucket names are here too: the bot shows them in findings' sentences.
"""

from __future__ import annotations

from core.languages import LANGS, number, supported

__all__ = ["LABELS", "LANGS", "genre_name", "label", "maturity_name", "month_name", "number"]

LABELS: dict[str, tuple[str, str]] = {
    # chart titles (drawn at the top of each image)
    "title.added": ("Titles added per year", "Títulos añadidos por año"),
    "title.release": ("Titles by release year", "Títulos por año de estreno"),
    "title.mix": ("Movies and shows per platform", "Películas y series por plataforma"),
    "title.durations": ("Movie length", "Duración de las películas"),
    "title.seasons": ("Seasons per show", "Temporadas por serie"),
    "title.genres": ("Top genres", "Géneros principales"),
    "title.maturity": ("Maturity ratings", "Clasificación por edades"),
    "title.scores": ("Title scores", "Puntuación de los títulos"),
    "title.score_year": ("Score by release year", "Puntuación por año de estreno"),
    "title.score_duration": ("Score by movie length", "Puntuación según la duración"),
    "title.score_genre": ("Score by genre", "Puntuación por género"),
    "title.correlations": ("How the numbers relate", "Cómo se relacionan los números"),
    "title.users": ("Ratings per user", "Valoraciones por usuario"),
    "title.activity": ("Ratings over time", "Valoraciones en el tiempo"),
    "title.overlap": ("Titles on more than one platform", "Títulos en más de una plataforma"),
    # axes, legends and notes
    "axis.year_added": ("Year added to the platform", "Año en que se añadió"),
    "axis.release_year": ("Release year", "Año de estreno"),
    "axis.titles": ("Titles", "Títulos"),
    "axis.share_titles": ("Share of titles (%)", "Porcentaje de títulos (%)"),
    "axis.minutes": ("Length (minutes)", "Duración (minutos)"),
    "axis.seasons": ("Seasons", "Temporadas"),
    "axis.shows": ("Shows", "Series"),
    "axis.share_shows": ("Share of shows (%)", "Porcentaje de series (%)"),
    "axis.score": ("Score (mean rating, 0.5–5)", "Puntuación (media, 0,5–5)"),
    "axis.mean_score": ("Mean score", "Puntuación media"),
    "axis.share_rated": ("Share of rated titles (%)", "Porcentaje de títulos valorados (%)"),
    "axis.ratings_per_user": (
        "Ratings given by a user (log scale)",
        "Valoraciones de un usuario (escala log.)",
    ),
    "axis.users_at_least": (
        "Users with at least that many (log)",
        "Usuarios con al menos esas (log.)",
    ),
    "axis.ratings_per_month": ("Ratings per month", "Valoraciones al mes"),
    "legend.movies": ("Movies", "Películas"),
    "legend.shows": ("Shows", "Series"),
    "legend.median_users": ("half the users: ≤ {n}", "la mitad: ≤ {n}"),
    "legend.mean": ("mean", "media"),
    "legend.all": ("All platforms", "Todas"),
    "legend.others": ("Other platforms", "Otras plataformas"),
    "note.no_dates": (
        "{platform}: date added known for {n} of {total} titles; not shown",
        "{platform}: fecha conocida en {n} de {total} títulos; no se muestra",
    ),
    "note.outliers": (
        "Boxes: middle 50%; small dots: beyond 1.5×IQR; orange: far outliers (beyond Q3 + 3×IQR)",
        "Cajas: 50 % central; puntos: más de 1,5×RIC; naranja: atípicos lejanos (Q3 + 3×RIC)",
    ),
    "note.clipped": ("{n} longer movies not shown", "{n} películas más largas no se muestran"),
    "note.period": (
        "Mean score per {years}-year period of release with at least {n} titles; titles with "
        "at least {min} ratings",
        "Puntuación media por periodo de {years} años con al menos {n} títulos; títulos con al "
        "menos {min} valoraciones",
    ),
    "note.period_band": (
        "Mean score per {years}-year period (at least {n} titles); band: middle 50%; titles "
        "with at least {min} ratings",
        "Media por periodo de {years} años (al menos {n} títulos); franja: 50 % central; "
        "títulos con al menos {min} valoraciones",
    ),
    "note.genre_n": (
        "The {shown} genres with most scored titles (at least {n}; {min}+ ratings each); "
        "lines: 95% interval of the mean",
        "Los {shown} géneros con más títulos puntuados (al menos {n}; {min}+ valoraciones "
        "cada uno); líneas: intervalo del 95 % de la media",
    ),
    "note.mean_lines": (
        "Titles with at least {min} ratings; dashed lines: mean score",
        "Títulos con al menos {min} valoraciones; líneas discontinuas: puntuación media",
    ),
    "note.length_bins": (
        "Mean score per {bin}-minute bin with at least {n} movies; movies with at least {min} "
        "ratings",
        "Puntuación media por tramo de {bin} minutos con al menos {n} películas; películas con "
        "al menos {min} valoraciones",
    ),
    "note.tail": (
        "Platform lines count each user's ratings of that platform's titles",
        "Las líneas de plataforma cuentan las valoraciones de títulos de esa plataforma",
    ),
    "note.stacked": (
        "Stacked: the top edge is the total of all platforms",
        "Apilado: el borde superior es el total de las plataformas",
    ),
    "note.pearson": (
        "Pearson r over the titles having both values (a score needs {min}+ ratings); –: no "
        "title has both",
        "r de Pearson sobre los títulos con ambos valores (una puntuación necesita {min}+ "
        "valoraciones); –: ningún título tiene ambos",
    ),
    "note.genre_families": (
        "Genres grouped into families across platforms' labels",
        "Géneros agrupados en familias comunes a las plataformas",
    ),
    "note.genre_grid": (
        "% of each platform's titles; rows: each platform's top 5 (0%: no such label)",
        "% de los títulos de cada plataforma; filas: sus 5 principales (0 %: sin esa etiqueta)",
    ),
    "note.overlap": (
        "A film or show counts once, matched across the catalogs as /compare matches it",
        "Una película o serie cuenta una vez, emparejada entre catálogos como en /comparar",
    ),
    "note.no_data": ("No data to show", "No hay datos que mostrar"),
    "note.few_dates": (
        "{platform}: date added known for only {n} of {total} titles",
        "{platform}: fecha conocida solo en {n} de {total} títulos",
    ),
    "note.partial_year": (
        "{year} is partial: the data end on {date}",
        "{year} está incompleto: los datos acaban el {date}",
    ),
    "note.maturity_missing": (
        "A missing rating is stored as G, so “All ages” includes unknowns",
        "Una clasificación ausente se guarda como G: «Todos los públicos» incluye desconocidas",
    ),
    "legend.longest": ("Longest", "La más larga"),
    "legend.most_seasons": ("Most seasons:", "Más temporadas:"),
    "overlap.spread": ("Works that are", "Obras que están"),
    "overlap.on_1": ("on one platform only: {titles}", "en una sola plataforma: {titles}"),
    "overlap.on": ("on {n} platforms: {titles}", "en {n} plataformas: {titles}"),
    "overlap.shared": ("Works the two platforms share", "Obras que comparten"),
    # correlation variables
    "var.release_year": ("Release year", "Año de estreno"),
    "var.minutes": ("Movie length", "Duración"),
    "var.seasons": ("Seasons", "Temporadas"),
    "var.cast": ("Cast size", "Tamaño del reparto"),
    "var.score": ("Score", "Puntuación"),
    "var.ratings": ("Ratings (log)", "Valoraciones (log)"),
    # genre families
    "genre.drama": ("Drama", "Drama"),
    "genre.comedy": ("Comedy", "Comedia"),
    "genre.action": ("Action & adventure", "Acción y aventura"),
    "genre.thriller": ("Thriller & crime", "Suspense y crimen"),
    "genre.horror": ("Horror", "Terror"),
    "genre.documentary": ("Documentary", "Documental"),
    "genre.kids": ("Kids & family", "Infantil y familiar"),
    "genre.teen": ("Teen & young adult", "Juvenil"),
    "genre.animation": ("Animation", "Animación"),
    "genre.anime": ("Anime", "Anime"),
    "genre.scifi": ("Sci-fi & fantasy", "Ciencia ficción y fantasía"),
    "genre.romance": ("Romance", "Romance"),
    "genre.international": ("International", "Internacional"),
    "genre.music": ("Music", "Música"),
    "genre.reality": ("Reality & lifestyle", "Realidad y estilo de vida"),
    "genre.sports": ("Sports", "Deportes"),
    "genre.classic": ("Classic & cult", "Clásicos y de culto"),
    "genre.independent": ("Independent", "Independiente"),
    "genre.lgbtq": ("LGBTQ", "LGBTQ"),
    "genre.faith": ("Faith", "Fe y espiritualidad"),
    "genre.history": ("History & war", "Historia y guerra"),
    "genre.special": ("Special interest", "Interés especial"),
    "genre.arts": ("Arts & culture", "Arte y cultura"),
    "genre.black": ("Black stories", "Historias negras"),
    "genre.anthology": ("Anthology", "Antología"),
    # maturity buckets
    "maturity.all": ("All ages", "Todos los públicos"),
    "maturity.kids": ("Kids 7+", "Niños 7+"),
    "maturity.pg": ("Parental guidance", "Con supervisión"),
    "maturity.teen": ("Teens 13+", "Adolescentes 13+"),
    "maturity.16": ("16+", "16+"),
    "maturity.adult": ("Adults 18+", "Adultos 18+"),
    "maturity.unrated": ("Unrated", "Sin clasificar"),
}

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def label(lang: str, key: str, /, **params: object) -> str:
    """The text of ``key`` in ``lang`` (English for any other language), params filled in.

    A key that is not in the table (a genre label no family map knows) is returned as is,
    capitalised, so a new label shows up readable rather than failing.
    """
    entry = LABELS.get(key)
    if entry is None:
        text = key.split(".", 1)[-1]
        return text[:1].upper() + text[1:]
    text = entry[LANGS.index(supported(lang))]
    return text.format(**params) if params else text


def genre_name(family: str, lang: str) -> str:
    return label(lang, f"genre.{family}")


def maturity_name(bucket: str, lang: str) -> str:
    return label(lang, f"maturity.{bucket}")


def month_name(month: int, year: int, lang: str) -> str:
    """``Mar 2019`` / ``mar 2019``."""
    return f"{_MONTHS[supported(lang)][month - 1]} {year}"
