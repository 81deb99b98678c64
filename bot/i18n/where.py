"""Messages of /where (/donde), /compare, /worth and the inline mode's work results."""

from __future__ import annotations


def _cmd(
    name: str, usage: tuple[str, str], summary: tuple[str, str], details: tuple[str, str]
) -> dict[str, dict[str, str]]:
    return {
        f"cmd.{name}.usage": {"en": usage[0], "es": usage[1]},
        f"cmd.{name}.summary": {"en": summary[0], "es": summary[1]},
        f"cmd.{name}.details": {"en": details[0], "es": details[1]},
    }


WHERE_MESSAGES: dict[str, dict[str, str]] = {
    **_cmd(
        "where",
        ("/where <title>", "/donde <título>"),
        (
            "where a title streams: every platform that has it",
            "dónde ver un título: cada plataforma que lo tiene",
        ),
        (
            "Finds the best-matching films and shows (typos and accents are fine, and titles in other languages such as “money heist” or “el rey león”) and lists each on one line with the platforms that carry it. The buttons, one per platform, show the title as that platform lists it and open its card. The same film on several platforms is one result, even when the catalogs spell it differently; a short or a special is a result of its own.",
            "Busca las películas y series que mejor coinciden (da igual una errata o un acento, y sirven títulos en otros idiomas como «money heist» o «el rey león») y muestra cada una en una línea con las plataformas que la tienen. Los botones, uno por plataforma, muestran el título tal como lo lista esa plataforma y abren su ficha. La misma película en varias plataformas es un solo resultado, aunque los catálogos la escriban distinto; un corto o un especial es un resultado aparte.",
        ),
    ),
    **_cmd(
        "compare",
        ("/compare <platform> <platform>", "/comparar <plataforma> <plataforma>"),
        (
            "what two platforms share and what only one has",
            "qué comparten dos plataformas y qué tiene solo una",
        ),
        (
            "Counts the titles both carry and the ones only one carries, as movies and shows, with a chart, and the genres where each has the most more than the other. A film on both counts once.",
            "Cuenta los títulos que tienen las dos y los que solo tiene una, en películas y series, con un gráfico, y los géneros donde cada una tiene más que la otra. Una película en las dos cuenta una vez.",
        ),
    ),
    **_cmd(
        "worth",
        ("/worth <platform> [have <platform>…]", "/vale <plataforma> [tengo <plataforma>…]"),
        (
            "is a platform worth adding to the ones you have?",
            "¿vale la pena sumar una plataforma a las que tienes?",
        ),
        (
            "How many titles the platform would add that the ones you have do not carry, and the best-rated of them. Without the platforms you have, it compares with the other three.",
            "Cuántos títulos añadiría la plataforma que no tienen las que ya tienes, y los mejor valorados. Sin las plataformas que tienes, la compara con las otras tres.",
        ),
    ),
    "arg.title": {"en": "title", "es": "título"},
    # --- /where -------------------------------------------------------------------------------
    "w.header": {"en": "📍 Where to watch “{query}”:", "es": "📍 Dónde ver «{query}»:"},
    "w.only_like": {
        "en": "📍 No title called “{query}” is on Netflix, Prime Video, Disney+ or Hulu. The closest:",
        "es": "📍 Ningún título llamado «{query}» está en Netflix, Prime Video, Disney+ ni Hulu. Los más parecidos:",
    },
    "w.none": {
        "en": "📍 No title matches “{query}”. Try fewer words, or another spelling; /search looks more widely.",
        "es": "📍 Ningún título coincide con «{query}». Prueba con menos palabras u otra ortografía; /search busca más ampliamente.",
    },
    "w.line": {
        "en": "{n}. <b>{title}</b> ({year}) · {type} · {duration} — {platforms}",
        "es": "{n}. <b>{title}</b> ({year}) · {type} · {duration} — {platforms}",
    },
    "w.aka": {"en": " · also known as “{title}”", "es": " · también llamada «{title}»"},
    "w.button": {"en": "{n} · {platform}: {title}", "es": "{n} · {platform}: {title}"},
    "w.work": {
        "en": "🎬 <b>{title}</b> ({year}) · {type} · {where}",
        "es": "🎬 <b>{title}</b> ({year}) · {type} · {where}",
    },
    "w.on_one": {"en": "only on {platform}", "es": "solo en {platform}"},
    "w.on_many": {"en": "on {n} platforms", "es": "en {n} plataformas"},
    "w.title_line": {
        "en": "   • {platform}{title} · {duration}{year} · <code>{id}</code>",
        "es": "   • {platform}{title} · {duration}{year} · <code>{id}</code>",
    },
    "w.title_year": {"en": " · listed as {year}", "es": " · figura como {year}"},
    # --- /compare -----------------------------------------------------------------------------
    "w.compare_header": {
        "en": "⚖️ <b>{a}</b> and <b>{b}</b> (a film on both counts once):",
        "es": "⚖️ <b>{a}</b> y <b>{b}</b> (una película en las dos cuenta una vez):",
    },
    "w.compare_shared": {
        "en": "🤝 On both: <b>{total}</b> ({movies}, {shows})",
        "es": "🤝 En las dos: <b>{total}</b> ({movies}, {shows})",
    },
    "w.compare_only": {
        "en": "• Only on {platform}: <b>{total}</b> ({movies}, {shows})",
        "es": "• Solo en {platform}: <b>{total}</b> ({movies}, {shows})",
    },
    "w.compare_leads": {
        "en": "💪 {platform} leads in {genres}",
        "es": "💪 {platform} destaca en {genres}",
    },
    "w.compare_lead": {"en": "{genre} ({a} vs {b})", "es": "{genre} ({a} frente a {b})"},
    "w.compare_no_lead": {
        "en": "💪 {platform} has no genre with more titles than {other}.",
        "es": "💪 {platform} no tiene ningún género con más títulos que {other}.",
    },
    # --- /worth -------------------------------------------------------------------------------
    "w.worth_header": {
        "en": "🤔 <b>Is {candidate} worth adding</b> to {have}?",
        "es": "🤔 <b>¿Vale la pena sumar {candidate}</b> a {have}?",
    },
    "w.worth_others": {"en": "the other three platforms", "es": "las otras tres plataformas"},
    "w.worth_numbers": {
        "en": "{candidate} carries {total} works (a film or show once, however often it is listed; /count counts listings); <b>{added}</b> of them ({pct}%) are not on {have_short}: {movies} and {shows}.",
        "es": "{candidate} tiene {total} obras (una película o serie una vez, aunque figure varias; /contar cuenta entradas); <b>{added}</b> ({pct}%) no están en {have_short}: {movies} y {shows}.",
    },
    "w.worth_high": {
        "en": "Most of it is on none of those platforms.",
        "es": "La mayor parte no está en ninguna de esas plataformas.",
    },
    "w.worth_mid": {
        "en": "A good part of it is on none of those platforms.",
        "es": "Buena parte no está en ninguna de esas plataformas.",
    },
    "w.worth_low": {
        "en": "Those platforms already carry most of it.",
        "es": "Esas plataformas ya tienen casi todo.",
    },
    "w.worth_no_taste": {
        "en": "🤷 Whether it suits you I can't tell yet: nothing is rated {by}. Rate a few titles (/rate, or the ⭐ under any card) and ask again.",
        "es": "🤷 Aún no sé si te va: no hay nada valorado {by}. Valora algunos títulos (/valorar, o las ⭐ de cualquier ficha) y vuelve a preguntar.",
    },
    "w.worth_liked": {
        "en": "👍 Of the {liked} rated 4★ or more {by}, <b>{n}</b> are on {candidate} and on none of those platforms.",
        "es": "👍 De {liked} valorados con 4★ o más {by}, <b>{n}</b> están en {candidate} y en ninguna de esas plataformas.",
    },
    "w.worth_taste": {
        "en": "🎯 In the genres {liked_most} ({genres}) it adds {works}.",
        "es": "🎯 En los géneros {liked_most} ({genres}) añade {works}.",
    },
    "w.worth_not_for_you": {
        "en": "👎 Nothing rated 4★ or more {by} is only there, and it adds nothing in the genres {liked_most}.",
        "es": "👎 Nada valorado con 4★ o más {by} está solo allí, y no añade nada en los géneros {liked_most}.",
    },
    "w.by_you": {"en": "by you", "es": "por ti"},
    "w.by_party": {"en": "by the watch party", "es": "por el grupo"},
    "w.liked_most_you": {"en": "you like most", "es": "que más te gustan"},
    "w.liked_most_party": {"en": "the watch party likes most", "es": "que más gustan al grupo"},
    "w.worth_best": {
        "en": "⭐ The best-rated titles it adds (at least {min_count} ratings):",
        "es": "⭐ Los mejor valorados que añade (al menos {min_count} valoraciones):",
    },
    "w.worth_best_fans": {
        "en": "⭐ The best-known titles it adds (the ones most real people rated, on MovieLens):",
        "es": "⭐ Los títulos más conocidos que añade (los que más personas reales valoraron, en MovieLens):",
    },
    "w.worth_best_known": {
        "en": "⭐ The best-known titles it adds (films and series whose lead actors appear in the most titles on the other catalogs):",
        "es": "⭐ Los títulos más conocidos que añade (películas y series cuyos protagonistas aparecen en más títulos de los otros catálogos):",
    },
    "w.worth_line": {
        "en": "{n}. <b>{title}</b> ({year}) · {type} — ⭐ {score}",
        "es": "{n}. <b>{title}</b> ({year}) · {type} — ⭐ {score}",
    },
    "w.worth_no_best": {
        "en": "None of the titles it adds has at least {min_count} ratings yet, so none is ranked.",
        "es": "Ninguno de los títulos que añade tiene aún al menos {min_count} valoraciones, así que no se clasifica ninguno.",
    },
    "w.and": {"en": " and ", "es": " y "},
    "w.or": {"en": " or ", "es": " ni "},
    # --- errors (core.where codes) -------------------------------------------------------------
    "err.where_stop_words": {
        "en": "“{given}” has only words like “the” or “of”, which are in thousands of titles. Add a word of the title.",
        "es": "«{given}» solo tiene palabras como «the» o «de», que están en miles de títulos. Añade una palabra del título.",
    },
    "err.where_same_platform": {
        "en": "Give two different platforms to compare, not {given} twice.",
        "es": "Indica dos plataformas distintas para comparar, no {given} dos veces.",
    },
    "err.where_candidate_in_have": {
        "en": "You already have {given}: name a platform you don't have yet.",
        "es": "Ya tienes {given}: indica una plataforma que aún no tengas.",
    },
}
