"""The message catalog: key -> {"en": ..., "es": ...}. HTML (Telegram's subset) is allowed.

Keys are grouped by prefix: ``cmd.*`` (help for each command), ``err.*`` (core error codes),
``q.*`` (analytics replies), ``gen.*`` (everything else). Placeholders use ``str.format``.
"""

from __future__ import annotations

from bot.i18n.charts import CHART_MESSAGES
from bot.i18n.commands import ARG_MESSAGES, COMMAND_MESSAGES
from bot.i18n.people import PEOPLE_MESSAGES
from bot.i18n.recommend import RECOMMEND_MESSAGES
from bot.i18n.where import WHERE_MESSAGES

MESSAGES: dict[str, dict[str, str]] = {
    # --- general --------------------------------------------------------------------------
    "gen.start": {
        "en": (
            "👋 Hi{name}! I know the catalogs of <b>Netflix</b>, <b>Prime Video</b>, "
            "<b>Disney+</b> and <b>Hulu</b> ({titles} titles), and I can tell you what to "
            "watch.\n\nTry /search matrix, /count or /maxduration 2018 netflix.\n"
            "/help lists everything."
        ),
        "es": (
            "👋 ¡Hola{name}! Conozco los catálogos de <b>Netflix</b>, <b>Prime Video</b>, "
            "<b>Disney+</b> y <b>Hulu</b> ({titles} títulos) y te digo qué ver.\n\n"
            "Prueba /search matrix, /count o /maxduration 2018 netflix.\n"
            "/help muestra todo."
        ),
    },
    "gen.help_header": {
        "en": "<b>What I can do</b> — /help &lt;command&gt; for details",
        "es": "<b>Lo que sé hacer</b> — /help &lt;comando&gt; para más detalle",
    },
    "gen.help_line": {"en": "{usage}\n    {summary}", "es": "{usage}\n    {summary}"},
    "gen.help_detail": {
        "en": "<b>{usage}</b>\n{summary}\n\n{details}\n\nExample: <code>{example}</code>{aliases}",
        "es": "<b>{usage}</b>\n{summary}\n\n{details}\n\nEjemplo: <code>{example}</code>{aliases}",
    },
    "gen.help_aliases": {"en": "\nAlso: {aliases}", "es": "\nTambién: {aliases}"},
    "gen.help_unknown": {
        "en": "I don't know the command <code>{given}</code>. /help lists them all.",
        "es": "No conozco el comando <code>{given}</code>. /help los muestra todos.",
    },
    "gen.usage": {
        "en": "Usage: <code>{usage}</code>\nExample: <code>{example}</code>",
        "es": "Uso: <code>{usage}</code>\nEjemplo: <code>{example}</code>",
    },
    "gen.error_id": {
        "en": "😓 Sorry, something went wrong on my side. Please try again. (error id <code>{id}</code>)",
        "es": "😓 Perdón, algo falló de mi lado. Inténtalo de nuevo. (id de error <code>{id}</code>)",
    },
    "gen.try_again": {
        "en": "⏳ I'm busy for a moment — please try again in a few seconds.",
        "es": "⏳ Estoy ocupado un momento; inténtalo de nuevo en unos segundos.",
    },
    "gen.slow_down": {
        "en": "🐢 That's a lot of messages at once — please slow down a little.",
        "es": "🐢 Son muchos mensajes seguidos; ve un poco más despacio, por favor.",
    },
    "gen.admin_only": {
        "en": "🔒 Sorry, only the bot's admins can use {command}.",
        "es": "🔒 Lo siento, solo los administradores del bot pueden usar {command}.",
    },
    "gen.group_only": {
        "en": "{command} works in group chats: add me to a group and try it there.",
        "es": "{command} funciona en grupos: agrégame a un grupo y pruébalo allí.",
    },
    "gen.no_data": {
        "en": "The database is empty. Run <code>make run</code> (or <code>streambot etl</code>) first.",
        "es": "La base de datos está vacía. Ejecuta primero <code>make run</code> (o <code>streambot etl</code>).",
    },
    "gen.console_intro": {
        "en": "streambot console — type a command such as /help or /count (or just count); "
        "a number presses a button; /quit leaves.",
        "es": "consola de streambot — escribe un comando como /help o /count (o solo count); "
        "un número pulsa un botón; /quit sale.",
    },
    "gen.chart_saved": {
        "en": "🖼 Chart saved to {path}",
        "es": "🖼 Gráfico guardado en {path}",
    },
    "gen.page": {"en": "Page {page} of {pages}", "es": "Página {page} de {pages}"},
    "gen.prev": {"en": "◀ Previous", "es": "◀ Anterior"},
    "gen.next": {"en": "Next ▶", "es": "Siguiente ▶"},
    "gen.expired": {
        "en": "That button has expired — send the command again.",
        "es": "Ese botón ya caducó; envía el comando de nuevo.",
    },
    "gen.movie": {"en": "movie", "es": "película"},
    "gen.show": {"en": "show", "es": "serie"},
    "gen.movies": {"en": "movies", "es": "películas"},
    "gen.shows": {"en": "shows", "es": "series"},
    "gen.min": {"en": "{n} min", "es": "{n} min"},
    "gen.seasons": {"en": "{n} seasons", "es": "{n} temporadas"},
    "gen.season": {"en": "{n} season", "es": "{n} temporada"},
    "gen.all_platforms": {"en": "all platforms", "es": "todas las plataformas"},
    # --- errors from core.inputs (params as documented there) ----------------------------
    "err.missing_argument": {
        "en": "I need the {name}.",
        "es": "Me falta el dato: {name}.",
    },
    "err.unknown_platform": {
        "en": "I don't know the platform “{given}”.{suggestion} I know: {valid}.",
        "es": "No conozco la plataforma «{given}».{suggestion} Conozco: {valid}.",
    },
    "err.unknown_platform_suggestion": {
        "en": " Did you mean <b>{suggestion}</b>?",
        "es": " ¿Quisiste decir <b>{suggestion}</b>?",
    },
    "err.bad_year": {
        "en": "“{given}” is not a year: write four digits, between {min} and {max}.",
        "es": "«{given}» no es un año: escribe cuatro cifras, entre {min} y {max}.",
    },
    "err.year_out_of_range": {
        "en": "The catalogs cover {min}–{max}; {given} is outside that range.",
        "es": "Los catálogos cubren {min}–{max}; {given} queda fuera de ese rango.",
    },
    "err.bad_score": {
        "en": "“{given}” is not a score: write a number from 0 to 5, like 3.5.",
        "es": "«{given}» no es una puntuación: escribe un número de 0 a 5, como 3.5.",
    },
    "err.score_out_of_range": {
        "en": "Scores go from {min} to {max}; {given} is outside that range.",
        "es": "Las puntuaciones van de {min} a {max}; {given} queda fuera.",
    },
    "err.bad_duration_type": {
        "en": "“{given}” is not a duration type: use <code>min</code> (movies) or "
        "<code>season</code> (shows).",
        "es": "«{given}» no es un tipo de duración: usa <code>min</code> (películas) o "
        "<code>season</code> (series).",
    },
    "err.bad_title_type": {
        "en": "“{given}” is not a type: use <code>movie</code> or <code>show</code>.",
        "es": "«{given}» no es un tipo: usa <code>movie</code> o <code>show</code>.",
    },
    "err.bad_word": {
        "en": "Give me one word (or a short phrase, up to {max_length} characters) to look for.",
        "es": "Dame una palabra (o una frase corta, de hasta {max_length} caracteres) para buscar.",
    },
    "err.bad_search_text": {
        "en": "Give me some of the title to search for (up to {max_length} characters).",
        "es": "Dame parte del título a buscar (hasta {max_length} caracteres).",
    },
    "err.bad_limit": {
        "en": "The number of results must be between {min} and {max}.",
        "es": "El número de resultados debe estar entre {min} y {max}.",
    },
    "err.bad_min_count": {
        "en": "The minimum number of ratings must be at least {min}.",
        "es": "El mínimo de valoraciones debe ser al menos {min}.",
    },
    "err.unknown_title": {
        "en": "No title has the id “{given}”.{suggestions}",
        "es": "Ningún título tiene el id «{given}».{suggestions}",
    },
    "err.unknown_title_suggestions": {
        "en": " Did you mean: {suggestions}?",
        "es": " ¿Quisiste decir: {suggestions}?",
    },
    "err.too_many_arguments": {
        "en": "I didn't understand “{given}” here.",
        "es": "No entendí «{given}» aquí.",
    },
    "err.generic": {"en": "{message}", "es": "{message}"},
    # --- analytics replies ---------------------------------------------------------------
    "q.maxduration_min": {
        "en": "⏱ The longest movie{filters} runs <b>{duration}</b>{tie}:",
        "es": "⏱ La película más larga{filters} dura <b>{duration}</b>{tie}:",
    },
    "q.maxduration_season": {
        "en": "⏱ The show with the most seasons{filters} has <b>{duration}</b>{tie}:",
        "es": "⏱ La serie con más temporadas{filters} tiene <b>{duration}</b>{tie}:",
    },
    "q.maxduration_tie": {"en": " ({n} titles tied)", "es": " ({n} títulos empatados)"},
    "q.maxduration_none_min": {
        "en": "No movies match{filters}.",
        "es": "Ninguna película coincide{filters}.",
    },
    "q.maxduration_none_season": {
        "en": "No shows match{filters}.",
        "es": "Ninguna serie coincide{filters}.",
    },
    "q.filters_year": {"en": " from {year}", "es": " de {year}"},
    "q.filters_platform": {"en": " on {platform}", "es": " en {platform}"},
    "q.title_line": {
        "en": "• <b>{title}</b> ({year}, {platform}) — {duration} · <code>{id}</code>",
        "es": "• <b>{title}</b> ({year}, {platform}) — {duration} · <code>{id}</code>",
    },
    "q.scorecount": {
        "en": "⭐ {total} titles on {platform} from {year} score above {scored}: "
        "{movies} movies and {shows} shows.",
        "es": "⭐ {total} títulos de {platform} de {year} puntúan más de {scored}: "
        "{movies} películas y {shows} series.",
    },
    "q.count": {
        "en": "📺 {platform} has {total} titles: {movies} movies and {shows} shows.",
        "es": "📺 {platform} tiene {total} títulos: {movies} películas y {shows} series.",
    },
    "q.count_table_header": {
        "en": "📺 <b>Titles per platform</b>",
        "es": "📺 <b>Títulos por plataforma</b>",
    },
    "q.count_table_columns": {
        "en": "platform       movies   shows   total",
        "es": "plataforma  películas  series   total",
    },
    "q.actor": {
        "en": "🎭 The most frequent cast member on {platform} in {year}: {names} — in {n} titles.",
        "es": "🎭 Quien más aparece en {platform} en {year}: {names}, en {n} títulos.",
    },
    "q.actor_tied": {
        "en": "🎭 Tied as the most frequent cast members on {platform} in {year}, "
        "with {n} titles each: {names}.",
        "es": "🎭 Empatados como quienes más aparecen en {platform} en {year}, "
        "con {n} títulos cada uno: {names}.",
    },
    "q.actor_no_cast": {
        "en": "🎭 {platform} lists no cast for its {titles} titles from {year}, so I can't tell.",
        "es": "🎭 {platform} no indica el reparto de sus {titles} títulos de {year}, así que "
        "no puedo saberlo.",
    },
    "q.actor_no_titles": {
        "en": "🎭 {platform} has no titles from {year}.",
        "es": "🎭 {platform} no tiene títulos de {year}.",
    },
    "q.word": {
        "en": "🔤 {total} titles on {platform} have “{word}” in their title "
        "({movies} movies, {shows} shows).",
        "es": "🔤 {total} títulos de {platform} llevan «{word}» en el título "
        "({movies} películas, {shows} series).",
    },
    "q.search_header": {
        "en": "🔎 Best matches for “{query}”:",
        "es": "🔎 Mejores resultados para «{query}»:",
    },
    "q.search_none": {
        "en": "🔎 Nothing looks like “{query}”. Try fewer words, or the original title.",
        "es": "🔎 Nada se parece a «{query}». Prueba con menos palabras o el título original.",
    },
    "q.search_line": {
        "en": "{n}. <b>{title}</b> ({year}) · {platform} · {type}",
        "es": "{n}. <b>{title}</b> ({year}) · {platform} · {type}",
    },
    "q.card": {
        "en": (
            "🎬 <b>{title}</b> ({year})\n{platform} · {type} · {duration} · rated {rating}\n"
            "{genres}{cast}{directors}⭐ {score}\n\n{description}\n\n<code>{id}</code>"
        ),
        "es": (
            "🎬 <b>{title}</b> ({year})\n{platform} · {type} · {duration} · clasificación {rating}\n"
            "{genres}{cast}{directors}⭐ {score}\n\n{description}\n\n<code>{id}</code>"
        ),
    },
    "q.card_genres": {"en": "Genres: {genres}\n", "es": "Géneros: {genres}\n"},
    "q.card_cast": {"en": "Cast: {cast}\n", "es": "Reparto: {cast}\n"},
    "q.card_directors": {"en": "Director: {directors}\n", "es": "Dirección: {directors}\n"},
    "q.card_score": {
        "en": "{score} from {count} ratings",
        "es": "{score} con {count} valoraciones",
    },
    "q.card_no_score": {"en": "no ratings yet", "es": "aún sin valoraciones"},
    "q.card_no_duration": {"en": "duration unknown", "es": "duración desconocida"},
    "q.top_header": {
        "en": "🏆 <b>Top rated</b>{filters} (at least {min_count} ratings)",
        "es": "🏆 <b>Mejor valorados</b>{filters} (al menos {min_count} valoraciones)",
    },
    "q.top_line": {
        "en": "{n}. <b>{title}</b> ({year}, {platform}) — ⭐ {score} · {count} ratings",
        "es": "{n}. <b>{title}</b> ({year}, {platform}) — ⭐ {score} · {count} valoraciones",
    },
    "q.top_none": {
        "en": "No titles{filters} have enough ratings yet.",
        "es": "Ningún título{filters} tiene aún suficientes valoraciones.",
    },
    **COMMAND_MESSAGES,
    **ARG_MESSAGES,
    **PEOPLE_MESSAGES,
    **RECOMMEND_MESSAGES,
    **CHART_MESSAGES,
    **WHERE_MESSAGES,
}
