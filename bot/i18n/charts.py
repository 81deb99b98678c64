"""Messages of /chart and /stats: help, chart names, captions, and every finding's sentence.

Finding sentences are keyed ``eda.<code>`` with the placeholders of ``core.eda.TEMPLATES``
(``tests/test_eda_bot.py`` checks both). The words drawn inside the images live in core
(``core/eda/labels.py``), since core draws them.
"""

from __future__ import annotations


def _cmd(name: str, usage: tuple[str, str], summary: tuple[str, str], details: tuple[str, str]):
    return {
        f"cmd.{name}.usage": {"en": usage[0], "es": usage[1]},
        f"cmd.{name}.summary": {"en": summary[0], "es": summary[1]},
        f"cmd.{name}.details": {"en": details[0], "es": details[1]},
    }


_CHART_NAMES: dict[str, tuple[str, str]] = {
    "added": ("📅 Titles added per year", "📅 Títulos añadidos por año"),
    "release": ("🗓 Titles by release year", "🗓 Títulos por año de estreno"),
    "mix": ("🎬 Movies and shows", "🎬 Películas y series"),
    "maturity": ("🔞 Maturity ratings", "🔞 Clasificación por edades"),
    "durations": ("⏱ Movie length", "⏱ Duración de las películas"),
    "seasons": ("📺 Seasons per show", "📺 Temporadas por serie"),
    "genres": ("🎭 Top genres", "🎭 Géneros principales"),
    "overlap": ("🔗 Shared titles", "🔗 Títulos compartidos"),
    "scores": ("⭐ Title scores", "⭐ Puntuaciones"),
    "score_year": ("⭐ Score by release year", "⭐ Puntuación por año"),
    "score_duration": ("⭐ Score by movie length", "⭐ Puntuación por duración"),
    "score_genre": ("⭐ Score by genre", "⭐ Puntuación por género"),
    "correlations": ("🧮 How the numbers relate", "🧮 Relaciones entre números"),
    "users": ("👥 Ratings per user", "👥 Valoraciones por usuario"),
    "activity": ("📈 Ratings over time", "📈 Valoraciones en el tiempo"),
}

CHART_MESSAGES: dict[str, dict[str, str]] = {
    **_cmd(
        "chart",
        ("/chart [name] [platform]", "/grafico [nombre] [plataforma]"),
        (
            "a chart of the catalogs or the ratings",
            "un gráfico de los catálogos o las valoraciones",
        ),
        (
            "Alone, lists every chart as buttons. With a name, sends that chart with what it shows; add a platform to see only that platform (not for <code>mix</code> and <code>overlap</code>, which compare them all).",
            "Solo, muestra todos los gráficos como botones. Con un nombre, envía ese gráfico con lo que muestra; añade una plataforma para ver solo esa (salvo <code>mix</code> y <code>overlap</code>, que las comparan todas).",
        ),
    ),
    **_cmd(
        "stats",
        ("/stats [platform]", "/estadisticas [plataforma]"),
        ("the key numbers, with a chart", "las cifras clave, con un gráfico"),
        (
            "Titles, movie length, seasons, genres, maturity and scores: for every platform, or for one.",
            "Títulos, duración, temporadas, géneros, clasificación y puntuaciones: de todas las plataformas, o de una.",
        ),
    ),
    **{f"chart.{name}": {"en": en, "es": es} for name, (en, es) in _CHART_NAMES.items()},
    "chart.list": {
        "en": "📊 <b>Charts</b> — tap one, or send <code>/chart name [platform]</code>, e.g. <code>/chart genres netflix</code>. Names: {names}.",
        "es": "📊 <b>Gráficos</b> — toca uno, o envía <code>/grafico nombre [plataforma]</code>, p. ej. <code>/grafico genres netflix</code>. Nombres: {names}.",
    },
    "chart.button": {"en": "{title} · {name}", "es": "{title} · {name}"},
    "chart.caption": {
        "en": "<b>{title}</b>{platform} · <code>/chart {name}</code>",
        "es": "<b>{title}</b>{platform} · <code>/grafico {name}</code>",
    },
    "chart.caption_platform": {"en": " · {platform}", "es": " · {platform}"},
    "chart.finding": {"en": "• {text}", "es": "• {text}"},
    "chart.btn_all": {"en": "All platforms", "es": "Todas"},
    "stats.header_all": {
        "en": "📊 <b>The four catalogs</b>",
        "es": "📊 <b>Los cuatro catálogos</b>",
    },
    "stats.line_all": {
        "en": "<b>{platform}</b>: {titles} titles ({movies_pct}% movies) · median movie {minutes} min · ⭐ {score}",
        "es": "<b>{platform}</b>: {titles} títulos ({movies_pct}% películas) · película mediana {minutes} min · ⭐ {score}",
    },
    "stats.header_one": {"en": "📊 <b>{platform}</b>", "es": "📊 <b>{platform}</b>"},
    "stats.titles": {
        "en": "🎬 {titles} titles: {movies} movies, {shows} shows",
        "es": "🎬 {titles} títulos: {movies} películas, {shows} series",
    },
    "stats.minutes": {
        "en": "⏱ Median movie: {minutes} min",
        "es": "⏱ Película mediana: {minutes} min",
    },
    "stats.seasons": {
        "en": "📺 Shows with one season: {pct}%",
        "es": "📺 Series de una temporada: {pct} %",
    },
    "stats.genre": {
        "en": "🎭 Top genre: {genre} ({pct}% of titles)",
        "es": "🎭 Género principal: {genre} ({pct} % de los títulos)",
    },
    "stats.adult": {
        "en": "🔞 For adults (18+): {pct}%",
        "es": "🔞 Para adultos (18+): {pct} %",
    },
    "stats.score": {
        "en": "⭐ Mean score {score} over {rated} rated titles ({ratings} ratings)",
        "es": "⭐ Puntuación media {score} en {rated} títulos valorados ({ratings} valoraciones)",
    },
    "stats.unknown": {"en": "–", "es": "–"},
    "stats.more": {
        "en": "More: /chart · one platform: <code>/stats {example}</code>",
        "es": "Más: /chart · una plataforma: <code>/stats {example}</code>",
    },
    "report.title": {
        "en": "Streaming catalogs: exploratory analysis",
        "es": "Catálogos de streaming: análisis exploratorio",
    },
    "report.intro": {
        "en": "Netflix, Prime Video, Disney+ and Hulu: {titles} titles and {ratings} ratings. Every chart is followed by what it shows, computed from the data. Generated {when}.",
        "es": "Netflix, Prime Video, Disney+ y Hulu: {titles} títulos y {ratings} valoraciones. Tras cada gráfico, lo que muestra, calculado a partir de los datos. Generado el {when}.",
    },
    "report.contents": {"en": "Contents", "es": "Contenido"},
    "report.footer": {
        "en": "Made by <code>streambot report</code>. Scores are the mean of a title's ratings; score charts use titles with at least 10 ratings. Genres are grouped into families shared by the platforms, and compared only where both sides use them. A film or show on several platforms is one work, matched as /compare matches it. A difference is stated only when it is beyond chance: two means or shares differ by more than 1.96 standard errors of their difference (95%), a correlation's 95% interval excludes 0; otherwise the finding says there is no difference.",
        "es": "Hecho con <code>streambot report</code>. La puntuación es la media de las valoraciones de un título; los gráficos de puntuación usan títulos con al menos 10 valoraciones. Los géneros se agrupan en familias comunes a las plataformas y solo se comparan donde ambas partes los usan. Una película o serie en varias plataformas es una sola obra, emparejada como en /comparar. Una diferencia solo se afirma si va más allá del azar: dos medias o proporciones difieren en más de 1,96 errores estándar de su diferencia (95 %), el intervalo del 95 % de una correlación excluye el 0; si no, el hallazgo dice que no hay diferencia.",
    },
    "err.unknown_chart": {
        "en": "I have no chart called “{given}”; the closest is <code>/chart {suggestion}</code>. /chart lists them all as buttons.",
        "es": "No tengo ningún gráfico llamado «{given}»; el más parecido es <code>/chart {suggestion}</code>. /chart los muestra todos como botones.",
    },
    "err.chart_no_platform": {
        "en": "The <code>{chart}</code> chart compares every platform: send it without one, <code>/chart {chart}</code>.",
        "es": "El gráfico <code>{chart}</code> compara todas las plataformas: envíalo sin ninguna, <code>/chart {chart}</code>.",
    },
    # --- findings: one sentence per code of core.eda.TEMPLATES -----------------------------
    "eda.added_peak": {
        "en": "{platform} added the most titles in {year}: {n}.",
        "es": "{platform} añadió más títulos en {year}: {n}.",
    },
    "eda.added_missing": {
        "en": "{platform} gives the date a title was added for only {n} of its {total} titles, so it is left out of this chart.",
        "es": "{platform} indica la fecha en que añadió un título solo en {n} de sus {total} títulos, así que queda fuera de este gráfico.",
    },
    "eda.release_median": {
        "en": "Half of {platform}'s titles came out in {year} or earlier.",
        "es": "La mitad de los títulos de {platform} se estrenó en {year} o antes.",
    },
    "eda.release_oldest": {
        "en": "{platform} has the oldest catalog: half of it came out in {year} or earlier.",
        "es": "{platform} tiene el catálogo más antiguo: la mitad se estrenó en {year} o antes.",
    },
    "eda.mix_share": {
        "en": "{platform} is {pct}% movies: {movies} movies and {shows} shows.",
        "es": "{platform} es un {pct} % películas: {movies} películas y {shows} series.",
    },
    "eda.mix_most_shows": {
        "en": "{platform} leans most to shows: {pct}% of its {total} titles.",
        "es": "{platform} es la que más se inclina por las series: {pct} % de sus {total} títulos.",
    },
    "eda.mix_alike": {
        "en": "No platform leans to shows more than another beyond chance.",
        "es": "Ninguna plataforma se inclina por las series más que otra, más allá del azar.",
    },
    "eda.duration_median": {
        "en": "{platform}'s movies run {minutes} min at the median.",
        "es": "Las películas de {platform} duran {minutes} min de mediana.",
    },
    "eda.duration_outliers": {
        "en": "{platform} has {n} movies longer than {fence} min; the longest is “{title}” at {minutes} min ({hours} h).",
        "es": "{platform} tiene {n} películas de más de {fence} min; la más larga es «{title}», con {minutes} min ({hours} h).",
    },
    "eda.duration_outlier_titles": {
        "en": "Far outliers on {platform} include {titles}.",
        "es": "Entre los valores atípicos de {platform} están {titles}.",
    },
    "eda.seasons_single": {
        "en": "{pct}% of {platform}'s shows have a single season.",
        "es": "El {pct} % de las series de {platform} tiene una sola temporada.",
    },
    "eda.seasons_max": {
        "en": "The show with the most seasons on {platform} is “{title}”: {n}.",
        "es": "La serie con más temporadas en {platform} es «{title}»: {n}.",
    },
    "eda.genre_top": {
        "en": "{platform}'s top genre is {genre}: {pct}% of its titles.",
        "es": "El género principal de {platform} es {genre}: {pct} % de sus títulos.",
    },
    "eda.genre_distinctive": {
        "en": "{platform}'s most distinctive genre is {genre}: {pct}% of its titles, against {other_pct}% on the other platforms ({lift}×).",
        "es": "El género más propio de {platform} es {genre}: {pct} % de sus títulos, frente al {other_pct} % en las demás plataformas ({lift}×).",
    },
    "eda.maturity_adult": {
        "en": "{pct}% of {platform}'s titles are for adults (18+).",
        "es": "El {pct} % de los títulos de {platform} es para adultos (18+).",
    },
    "eda.maturity_most_adult": {
        "en": "{platform} has the largest share of titles for adults: {pct}%.",
        "es": "{platform} tiene la mayor proporción de títulos para adultos: {pct} %.",
    },
    "eda.maturity_least_adult": {
        "en": "{platform} has the smallest share of titles for adults: {pct}%.",
        "es": "{platform} tiene la menor proporción de títulos para adultos: {pct} %.",
    },
    "eda.score_mean": {
        "en": "{platform}'s {n} titles with at least {min} ratings score {score} on average (median {score_b}).",
        "es": "Los {n} títulos de {platform} con al menos {min} valoraciones puntúan {score} de media (mediana {score_b}).",
    },
    "eda.score_best_platform": {
        "en": "{platform} scores highest on average: {score} over {n} titles, against {score_b} for {platform_b}, the next: a gap beyond their 95% intervals.",
        "es": "{platform} tiene la puntuación media más alta: {score} en {n} títulos, frente a {score_b} de {platform_b}, la siguiente: una diferencia mayor que sus intervalos del 95 %.",
    },
    "eda.score_platforms_alike": {
        "en": "No platform scores higher than another: the mean scores ({score} to {score_b}) differ by less than their 95% intervals.",
        "es": "Ninguna plataforma puntúa más que otra: las medias ({score} a {score_b}) difieren menos que sus intervalos del 95 %.",
    },
    "eda.score_year": {
        "en": "Titles released before {year} score {score} on average; those from {year} on, {score_b} (r = {r} between score and year).",
        "es": "Los títulos estrenados antes de {year} puntúan {score} de media; los de {year} en adelante, {score_b} (r = {r} entre puntuación y año).",
    },
    "eda.score_duration": {
        "en": "Movie length and score: r = {r} over {n} movies; movies over {minutes} min score {score} against {score_b} for the rest.",
        "es": "Duración y puntuación: r = {r} en {n} películas; las de más de {minutes} min puntúan {score} frente a {score_b} del resto.",
    },
    "eda.score_genre_best": {
        "en": "{genre} scores highest: {score} over {n} titles; {genre_b} lowest, {score_b}: a gap beyond their 95% intervals.",
        "es": "{genre} es el género mejor puntuado: {score} en {n} títulos; {genre_b}, el peor, {score_b}: una diferencia mayor que sus intervalos del 95 %.",
    },
    "eda.score_genres_alike": {
        "en": "No genre scores apart: the genres' means ({score} to {score_b}) lie within their 95% intervals of one another.",
        "es": "Ningún género se distingue: las medias de los géneros ({score} a {score_b}) caen dentro de sus intervalos del 95 %.",
    },
    "eda.correlation_none": {
        "en": "{var_a} and {var_b}: no relation beyond chance (r = {r} over {n} titles).",
        "es": "{var_a} y {var_b}: ninguna relación más allá del azar (r = {r} en {n} títulos).",
    },
    "eda.correlation": {
        "en": "{var_a} and {var_b}: r = {r} over {n} titles.",
        "es": "{var_a} y {var_b}: r = {r} en {n} títulos.",
    },
    "eda.users_median": {
        "en": "Half of the {users} users gave {n} ratings or fewer; the most active gave {max}.",
        "es": "La mitad de los {users} usuarios dio {n} valoraciones o menos; el más activo, {max}.",
    },
    "eda.users_top_share": {
        "en": "The top 1% of users ({n}) gave {pct}% of all ratings.",
        "es": "El 1 % más activo de los usuarios ({n}) dio el {pct} % de todas las valoraciones.",
    },
    "eda.users_median_platform": {
        "en": "Half of the {users} users who rated {platform} titles rated {n} of them or fewer; the most active, {max}.",
        "es": "La mitad de los {users} usuarios que valoraron títulos de {platform} valoró {n} o menos; el más activo, {max}.",
    },
    "eda.users_top_share_platform": {
        "en": "The top 1% of them ({n}) gave {pct}% of the ratings of {platform} titles.",
        "es": "El 1 % más activo ({n}) dio el {pct} % de las valoraciones de títulos de {platform}.",
    },
    "eda.activity_peak_platform": {
        "en": "Ratings of {platform} titles peaked in {month}: {n}.",
        "es": "Las valoraciones de títulos de {platform} tocaron máximo en {month}: {n}.",
    },
    "eda.activity_total_platform": {
        "en": "{n} ratings of {platform} titles from {first} to {last}, {per_month} a month on average.",
        "es": "{n} valoraciones de títulos de {platform} de {first} a {last}, {per_month} al mes de media.",
    },
    "eda.activity_peak": {
        "en": "Ratings peaked in {month}: {n} in that month.",
        "es": "Las valoraciones tocaron máximo en {month}: {n} ese mes.",
    },
    "eda.activity_total": {
        "en": "{n} ratings from {first} to {last}, {per_month} a month on average.",
        "es": "{n} valoraciones de {first} a {last}, {per_month} al mes de media.",
    },
    "eda.overlap_total": {
        "en": "{n} works ({pct}%) are on more than one platform (a film or show counts once, as /compare counts it).",
        "es": "{n} obras ({pct} %) están en más de una plataforma (una película o serie cuenta una vez, como en /comparar).",
    },
    "eda.overlap_pair": {
        "en": "{platform} and {platform_b} share the most works: {n}.",
        "es": "{platform} y {platform_b} son las que más obras comparten: {n}.",
    },
    "eda.overlap_example": {
        "en": "“{title}” ({year}) is on {n} platforms.",
        "es": "«{title}» ({year}) está en {n} plataformas.",
    },
}
