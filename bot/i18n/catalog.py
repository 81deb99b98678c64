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


def _counted(key: str, en: tuple[str, str], es: tuple[str, str]) -> dict[str, dict[str, str]]:
    """``key.one`` and ``key.other``: "{n} title" and "{n} titles" (``bot.i18n.plural``)."""
    return {
        f"{key}.one": {"en": f"{{n}} {en[0]}", "es": f"{{n}} {es[0]}"},
        f"{key}.other": {"en": f"{{n}} {en[1]}", "es": f"{{n}} {es[1]}"},
    }


MESSAGES: dict[str, dict[str, str]] = {
    # --- general --------------------------------------------------------------------------
    "gen.start": {
        "en": (
            "👋 Hi{name}! I know the catalogs of <b>Netflix</b>, <b>Prime Video</b>, "
            "<b>Disney+</b> and <b>Hulu</b> ({titles} titles), and I can tell you what to "
            "watch.\n\n{fresh}\n\nTry /search matrix (or just send a title), /count or "
            "/maxduration 2018 netflix.\n/help lists everything."
        ),
        "es": (
            "👋 ¡Hola{name}! Conozco los catálogos de <b>Netflix</b>, <b>Prime Video</b>, "
            "<b>Disney+</b> y <b>Hulu</b> ({titles} títulos) y te digo qué ver.\n\n{fresh}\n\n"
            "Prueba /buscar matrix (o envía sin más un título), /contar o "
            "/duracion 2018 netflix.\n/ayuda muestra todo."
        ),
    },
    "gen.help_header": {
        "en": "<b>What I can do</b> — /help &lt;command&gt; for details",
        "es": "<b>Lo que sé hacer</b> — /ayuda &lt;comando&gt; para más detalle",
    },
    "gen.help_line": {"en": "{usage}\n    {summary}", "es": "{usage}\n    {summary}"},
    "gen.help_detail": {
        "en": "<b>{usage}</b>\n{summary}\n\n{details}\n\nExample: <code>{example}</code>{aliases}",
        "es": "<b>{usage}</b>\n{summary}\n\n{details}\n\nEjemplo: <code>{example}</code>{aliases}",
    },
    "gen.help_aliases": {"en": "\nAlso: {aliases}", "es": "\nTambién: {aliases}"},
    "gen.help_unknown": {
        "en": "I don't know the command <code>{given}</code>. /help lists them all.",
        "es": "No conozco el comando <code>{given}</code>. /ayuda los muestra todos.",
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
    "gen.no_aggregates": {
        "en": "The rating charts' tables are not built yet. Load the data with <code>streambot etl</code> (it builds them), or run <code>streambot report</code> once.",
        "es": "Aún no están las tablas de los gráficos de valoraciones. Carga los datos con <code>streambot etl</code> (las crea) o ejecuta <code>streambot report</code> una vez.",
    },
    "gen.fresh_catalog": {
        "en": "📅 The {titles} titles are the catalogs as published up to {until}: nothing newer is in them.",
        "es": "📅 Los {titles} títulos son los catálogos publicados hasta {until}: no hay nada más reciente.",
    },
    "gen.fresh_ratings": {
        "en": "The dataset's ratings run to {until}; ratings given here come on top.",
        "es": "Las valoraciones del conjunto de datos llegan hasta {until}; las que se dan aquí se suman.",
    },
    "gen.month_year": {"en": "{month} {year}", "es": "{month} de {year}"},
    **{
        f"gen.month_{i}": {"en": en, "es": es}
        for i, (en, es) in enumerate(
            (
                ("January", "enero"),
                ("February", "febrero"),
                ("March", "marzo"),
                ("April", "abril"),
                ("May", "mayo"),
                ("June", "junio"),
                ("July", "julio"),
                ("August", "agosto"),
                ("September", "septiembre"),
                ("October", "octubre"),
                ("November", "noviembre"),
                ("December", "diciembre"),
            ),
            1,
        )
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
    "err.bad_argument": {
        "en": "I didn't understand “{given}”: here I expect {kinds}.",
        "es": "No entendí «{given}»: aquí espero {kinds}.",
    },
    "err.extra_argument": {
        "en": "I didn't understand “{given}”: one {kind} is all this command takes.",
        "es": "No entendí «{given}»: este comando admite un solo dato de este tipo: {kind}.",
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
    "q.maxduration_tie.one": {"en": " ({n} title)", "es": " ({n} título)"},
    "q.maxduration_tie.other": {"en": " ({n} titles tied)", "es": " ({n} títulos empatados)"},
    "q.and_more.one": {"en": "… and {n} more", "es": "… y {n} más"},
    "q.and_more.other": {"en": "… and {n} more", "es": "… y {n} más"},
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
        "en": "⭐ Scoring above {scored} on {platform}, from {year}: {titles} ({movies}, {shows}).",
        "es": "⭐ Con puntuación por encima de {scored} en {platform}, de {year}: {titles} "
        "({movies}, {shows}).",
    },
    "q.count": {
        "en": "📺 {platform}'s catalog lists {titles}: {movies} and {shows}. (Each listing "
        "counts; /worth and /compare count a film once.)",
        "es": "📺 El catálogo de {platform} tiene {titles}: {movies} y {shows}. (Cada entrada "
        "cuenta; /vale y /comparar cuentan una película una vez.)",
    },
    "q.count_definition": {
        "en": "Titles as each catalog lists them; /worth and /compare count a film once.",
        "es": "Títulos tal como los lista cada catálogo; /vale y /comparar cuentan una película una vez.",
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
        "en": "🎭 The most frequent cast member on {platform} in {year}: {names} — in {titles}.",
        "es": "🎭 Quien más aparece en {platform} en {year}: {names}, en {titles}.",
    },
    "q.actor_tied": {
        "en": "🎭 Tied as the most frequent cast members on {platform} in {year}, "
        "with {titles} each: {names}.",
        "es": "🎭 Empatados como quienes más aparecen en {platform} en {year}, "
        "con {titles} cada uno: {names}.",
    },
    "q.actor_no_cast": {
        "en": "🎭 {platform} lists no cast for its {titles} from {year}, so I can't tell.",
        "es": "🎭 {platform} no indica el reparto de sus {titles} de {year}, así que "
        "no puedo saberlo.",
    },
    "q.actor_no_titles": {
        "en": "🎭 {platform} has no titles from {year}.",
        "es": "🎭 {platform} no tiene títulos de {year}.",
    },
    "q.word": {
        "en": "🔤 With “{word}” in the title, on {platform}: {titles} ({movies}, {shows}).",
        "es": "🔤 Con «{word}» en el título, en {platform}: {titles} ({movies}, {shows}).",
    },
    "q.search_header": {
        "en": "🔎 Best matches for “{query}”:",
        "es": "🔎 Mejores resultados para «{query}»:",
    },
    "q.search_only_like": {
        "en": "🔎 No title is called “{query}”. The closest:",
        "es": "🔎 Ningún título se llama «{query}». Los más parecidos:",
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
        "en": "{score} from {ratings}",
        "es": "{score} con {ratings}",
    },
    "q.card_placeholder": {
        "en": "⚠️ A placeholder in the catalog, not a real title: left out of search and rankings.",
        "es": "⚠️ Un relleno del catálogo, no un título real: queda fuera de búsquedas y rankings.",
    },
    "q.card_no_score": {"en": "no ratings yet", "es": "aún sin valoraciones"},
    "q.card_no_duration": {"en": "duration unknown", "es": "duración desconocida"},
    "q.top_header": {
        "en": "🏆 <b>Top rated</b>{filters} (at least {min_count} ratings)",
        "es": "🏆 <b>Mejor valorados</b>{filters} (al menos {min_count} valoraciones)",
    },
    "q.top_line": {
        "en": "{n}. <b>{title}</b> ({year}, {platform}) — ⭐ {score} · {ratings}",
        "es": "{n}. <b>{title}</b> ({year}, {platform}) — ⭐ {score} · {ratings}",
    },
    "q.top_none": {
        "en": "No titles{filters} have at least {min_count} ratings yet.",
        "es": "Ningún título{filters} tiene aún al menos {min_count} valoraciones.",
    },
    "q.bar_scaled": {
        "en": "ℹ️ A typical title here has {typical}, so the minimum is {min_count}, not the usual {standard}.",
        "es": "ℹ️ Aquí un título típico tiene {typical}, así que el mínimo es {min_count} y no las {standard} habituales.",
    },
    # --- counted nouns: plural(lang, "n.<noun>", n) picks .one or .other -------------------
    **_counted("n.title", ("title", "titles"), ("título", "títulos")),
    **_counted("n.movie", ("movie", "movies"), ("película", "películas")),
    **_counted("n.show", ("show", "shows"), ("serie", "series")),
    **_counted("n.rating", ("rating", "ratings"), ("valoración", "valoraciones")),
    **_counted("n.season", ("season", "seasons"), ("temporada", "temporadas")),
    **_counted(
        "n.party",
        ("watch-party membership", "watch-party memberships"),
        ("sesión de cine en grupo", "sesiones de cine en grupo"),
    ),
    **_counted("n.member", ("member", "members"), ("miembro", "miembros")),
    **_counted("n.work", ("work", "works"), ("obra", "obras")),
    **COMMAND_MESSAGES,
    **ARG_MESSAGES,
    **PEOPLE_MESSAGES,
    **RECOMMEND_MESSAGES,
    **CHART_MESSAGES,
    **WHERE_MESSAGES,
}
