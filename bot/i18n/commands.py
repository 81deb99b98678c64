"""Help texts of every command: its name, usage, one-line summary and details, in English and
Spanish; and the words of argument errors.

``SPANISH_NAMES`` is the one table of what each command is called in Spanish (``/buscar``): help
shows that name in Spanish, with the English one under "También", and every name here is
registered as one of the command's names (``tests/test_commands.py`` checks both).
"""

from __future__ import annotations

SPANISH_NAMES: dict[str, str] = {
    "start": "inicio",
    "help": "ayuda",
    "maxduration": "duracion",
    "scorecount": "puntuacion",
    "count": "contar",
    "actor": "reparto",
    "word": "palabra",
    "search": "buscar",
    "title": "titulo",
    "top": "mejores",
    "rate": "valorar",
    "myratings": "misvaloraciones",
    "forget": "olvidar",
    "join": "unirme",
    "leave": "salir",
    "recommend": "recomendar",
    "similar": "parecidos",
    "stats": "estadisticas",
    "chart": "grafico",
    "where": "donde",
    "compare": "comparar",
    "worth": "vale",
}


def _cmd(
    name: str, usage: tuple[str, str], summary: tuple[str, str], details: tuple[str, str]
) -> dict[str, dict[str, str]]:
    return {
        f"cmd.{name}.usage": {"en": usage[0], "es": usage[1]},
        f"cmd.{name}.summary": {"en": summary[0], "es": summary[1]},
        f"cmd.{name}.details": {"en": details[0], "es": details[1]},
    }


COMMAND_MESSAGES: dict[str, dict[str, str]] = {
    **_cmd(
        "start",
        ("/start", "/inicio"),
        ("what I do", "qué hago"),
        (
            "Says hello and shows a few things to try.",
            "Saluda y muestra algunas cosas para probar.",
        ),
    ),
    **_cmd(
        "help",
        ("/help [command]", "/ayuda [comando]"),
        ("every command, or one in detail", "todos los comandos, o uno en detalle"),
        (
            "With a command name, shows its usage, details and an example.",
            "Con el nombre de un comando, muestra su uso, detalles y un ejemplo.",
        ),
    ),
    **_cmd(
        "maxduration",
        (
            "/maxduration [year] [platform] [min|season]",
            "/duracion [año] [plataforma] [min|temporada]",
        ),
        (
            "the longest movie, or the show with the most seasons",
            "la película más larga, o la serie con más temporadas",
        ),
        (
            "Every filter is optional and they go in any order. <code>min</code> (the default) "
            "looks at movies; <code>season</code> at shows. Ties are all counted, and the first "
            "20 listed.",
            "Todos los filtros son opcionales y van en cualquier orden. <code>min</code> (por "
            "defecto) mira películas; <code>temporada</code>, series. Los empates se cuentan "
            "todos y se listan los 20 primeros.",
        ),
    ),
    **_cmd(
        "scorecount",
        ("/scorecount <platform> <score> <year>", "/puntuacion <plataforma> <puntuación> <año>"),
        ("how many titles score above a value", "cuántos títulos puntúan más que un valor"),
        (
            "Counts the titles of a platform and year whose score (the mean of all their "
            "ratings) is strictly above the value, from 0 to 5.",
            "Cuenta los títulos de una plataforma y año cuya puntuación (la media de todas sus "
            "valoraciones) supera estrictamente el valor, de 0 a 5.",
        ),
    ),
    **_cmd(
        "count",
        ("/count [platform]", "/contar [plataforma]"),
        ("titles per platform, movies and shows", "títulos por plataforma, películas y series"),
        (
            "With no platform, a table of all four. Counts the titles as each catalog lists "
            "them; /worth and /compare count a film once, however often it is listed.",
            "Sin plataforma, una tabla de las cuatro. Cuenta los títulos tal como los lista "
            "cada catálogo; /vale y /comparar cuentan una película una vez, aunque figure varias.",
        ),
    ),
    **_cmd(
        "actor",
        ("/actor <platform> <year>", "/reparto <plataforma> <año>"),
        ("the most frequent cast member", "quién aparece en más títulos"),
        (
            "The cast member in the most titles released that year on the platform; ties are "
            "all listed. Hulu lists no cast.",
            "La persona del reparto en más títulos estrenados ese año en la plataforma; los "
            "empates se listan todos. Hulu no indica el reparto.",
        ),
    ),
    **_cmd(
        "word",
        ("/word <platform> <word>", "/palabra <plataforma> <palabra>"),
        ("titles with a word in their name", "títulos con una palabra en el nombre"),
        (
            "Matches whole words, ignoring case and accents: <i>love</i> finds “Love Actually”, "
            "not “Lovely”.",
            "Busca palabras completas, sin importar mayúsculas ni acentos: <i>love</i> encuentra "
            "“Love Actually”, no “Lovely”.",
        ),
    ),
    **_cmd(
        "search",
        ("/search <text>", "/buscar <texto>"),
        ("find titles, typos forgiven", "buscar títulos, aunque haya erratas"),
        (
            "Fuzzy search over every catalog; tap a result for its card. In a private chat, "
            "any message that is not a command is a search too.",
            "Búsqueda aproximada en todos los catálogos; toca un resultado para ver su ficha. "
            "En un chat privado, cualquier mensaje que no sea un comando también busca.",
        ),
    ),
    **_cmd(
        "title",
        ("/title <id or title>", "/titulo <id o título>"),
        ("one title's card", "la ficha de un título"),
        (
            "Ids look like <code>ns1</code> (Netflix), <code>as1</code>, <code>ds1</code>, "
            "<code>hs1</code>; /search finds them. A title's name works too: its card when "
            "exactly one title has that name, else the closest titles.",
            "Los ids son como <code>ns1</code> (Netflix), <code>as1</code>, <code>ds1</code>, "
            "<code>hs1</code>; /buscar los encuentra. También vale el nombre: su ficha si un "
            "solo título se llama así, si no los más parecidos.",
        ),
    ),
    **_cmd(
        "top",
        ("/top [platform] [year] [movie|show]", "/mejores [plataforma] [año] [película|serie]"),
        ("the best-rated titles", "los títulos mejor valorados"),
        (
            "Ranked by score among titles with enough ratings (the reply says how many); "
            "filters in any order.",
            "Ordenados por puntuación entre títulos con suficientes valoraciones (la respuesta "
            "dice cuántas); filtros en cualquier orden.",
        ),
    ),
    **_cmd(
        "rate",
        ("/rate <id or name> <0.5–5>", "/valorar <id o nombre> <0,5–5>"),
        ("rate a title", "valorar un título"),
        (
            "Saves your rating (0.5 to 5, in steps of 0.5; <code>4,5</code> works too). Rating "
            "again changes it. Your recommendations reflect it at once.",
            "Guarda tu valoración (0,5 a 5, en pasos de 0,5; <code>4.5</code> también vale). "
            "Valorar de nuevo la cambia. Tus recomendaciones la reflejan al instante.",
        ),
    ),
    **_cmd(
        "myratings",
        ("/myratings", "/misvaloraciones"),
        ("your ratings", "tus valoraciones"),
        ("Everything you rated, newest first.", "Todo lo que valoraste, lo más reciente primero."),
    ),
    **_cmd(
        "forget",
        ("/forget", "/olvidar"),
        ("delete all your data", "borrar todos tus datos"),
        (
            "After you confirm, deletes every rating and membership of yours.",
            "Tras confirmar, borra todas tus valoraciones y membresías.",
        ),
    ),
    **_cmd(
        "join",
        ("/join", "/unirme"),
        ("join this group's watch party", "unirte a la sesión de cine del grupo"),
        (
            "In a group: /recommend then suggests titles that suit every member who joined.",
            "En un grupo: /recomendar sugiere títulos que encajan con todos los que se unieron.",
        ),
    ),
    **_cmd(
        "leave",
        ("/leave", "/salir"),
        ("leave the watch party", "salir de la sesión de cine del grupo"),
        (
            "In a group: stop being counted in its recommendations.",
            "En un grupo: dejar de contar en sus recomendaciones.",
        ),
    ),
    **_cmd(
        "recommend",
        (
            "/recommend [userId] [title] [platform] [movie|show]",
            "/recomendar [idUsuario] [título] [plataforma] [película|serie]",
        ),
        ("what to watch, or should I watch it", "qué ver, o si debería verlo"),
        (
            "<code>/recommend</code> alone: your own top 10 from your ratings; in a group, one "
            "list for everyone who did /join. <code>/recommend ns1</code> or "
            "<code>/recommend the conjuring 2</code>: should you (in a group: should you all) "
            "watch it? <code>/recommend 42</code>: user 42's top 10; "
            "<code>/recommend 42 ns1</code>: should user 42 watch ns1? A platform, "
            "<code>movie</code> or <code>show</code> may follow.",
            "<code>/recomendar</code> solo: tu top 10 según tus valoraciones; en un grupo, una "
            "lista para todos los que hicieron /unirme. <code>/recomendar ns1</code> o "
            "<code>/recomendar the conjuring 2</code>: ¿deberías verlo (en un grupo: deberían "
            "verlo)? <code>/recomendar 42</code>: lo mejor para el usuario 42; "
            "<code>/recomendar 42 ns1</code>: ¿debería el usuario 42 ver ns1? Puede seguir una "
            "plataforma, <code>película</code> o <code>serie</code>.",
        ),
    ),
    **_cmd(
        "similar",
        ("/similar <titleId or name>", "/parecidos <idTítulo o nombre>"),
        ("titles like this one", "títulos parecidos"),
        (
            "From what the model learned about titles; works for titles nobody rated yet.",
            "Según lo que el modelo aprendió de los títulos; sirve aunque nadie lo haya valorado.",
        ),
    ),
    **_cmd(
        "modelinfo",
        ("/modelinfo", "/modelinfo"),
        ("the live model (admins)", "el modelo activo (admins)"),
        (
            "Its version, what it was trained on, and the last training runs.",
            "Su versión, con qué se entrenó y las últimas ejecuciones.",
        ),
    ),
    **_cmd(
        "retrain",
        ("/retrain", "/retrain"),
        ("retrain now (admins)", "reentrenar ya (admins)"),
        (
            "Starts a training in the background; it is promoted only if it is not worse.",
            "Inicia un entrenamiento en segundo plano; solo se activa si no es peor.",
        ),
    ),
}

ARG_MESSAGES: dict[str, dict[str, str]] = {
    "arg.platform": {"en": "platform", "es": "plataforma"},
    "arg.year": {"en": "year", "es": "año"},
    "arg.score": {"en": "score", "es": "puntuación"},
    "arg.unit": {"en": "unit (min or season)", "es": "unidad (min o temporada)"},
    "arg.type": {"en": "type (movie or show)", "es": "tipo (película o serie)"},
    "arg.word": {"en": "word", "es": "palabra"},
    "arg.search text": {"en": "text to search for", "es": "texto a buscar"},
    "arg.title id": {"en": "title id", "es": "id del título"},
    "arg.title_id": {"en": "title id", "es": "id del título"},
    # What a command expects where a word did not fit: "here I expect a platform or a year".
    "kind.platform": {"en": "a platform", "es": "una plataforma"},
    "kind.year": {"en": "a year", "es": "un año"},
    "kind.score": {"en": "a score from 0 to 5", "es": "una puntuación de 0 a 5"},
    "kind.unit": {
        "en": "<code>min</code> or <code>season</code>",
        "es": "<code>min</code> o <code>temporada</code>",
    },
    "kind.type": {
        "en": "<code>movie</code> or <code>show</code>",
        "es": "<code>película</code> o <code>serie</code>",
    },
    "kind.title_id": {
        "en": "a title id like <code>ns1</code>",
        "es": "un id de título como <code>ns1</code>",
    },
    "kind.rating": {"en": "a rating from 0.5 to 5", "es": "una valoración de 0,5 a 5"},
    "kind.nothing": {"en": "nothing after the command", "es": "nada tras el comando"},
    **{f"cmd.{name}.name": {"en": name, "es": es} for name, es in SPANISH_NAMES.items()},
}
