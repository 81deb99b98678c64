"""Messages of /recommend, /similar, /modelinfo and /retrain, and the wording of reasons."""

from __future__ import annotations

RECOMMEND_MESSAGES: dict[str, dict[str, str]] = {
    "r.and": {"en": " and ", "es": " y "},
    # Whose taste a reason speaks of: the person asking, a dataset user, or a watch party (one
    # of its members, never named).
    "r.liked.me": {"en": "which you liked", "es": "que te gustó"},
    "r.liked.user": {"en": "which user {user} liked", "es": "que le gustó al usuario {user}"},
    "r.as.me": {"en": "as you did", "es": "como a ti"},
    "r.as.user": {"en": "as user {user} did", "es": "como al usuario {user}"},
    "r.rated.me": {"en": "which you rated lately", "es": "que valoraste hace poco"},
    "r.rated.user": {
        "en": "which user {user} rated lately",
        "es": "que el usuario {user} valoró hace poco",
    },
    "r.tastes.me": {"en": "yours", "es": "los tuyos"},
    "r.tastes.user": {"en": "user {user}'s", "es": "los del usuario {user}"},
    "r.tastes.party": {"en": "this group's", "es": "los de este grupo"},
    # In a group, a reason never names a title a member rated: that would tell the others what
    # they liked. It says what kind of link drove the pick.
    "r.why_party.same_franchise": {
        "en": "From a franchise someone here likes ({franchise}).",
        "es": "De una franquicia que le gusta a alguien de aquí ({franchise}).",
    },
    "r.why_party.same_director": {
        "en": "By a director someone here likes.",
        "es": "De un director que le gusta a alguien de aquí.",
    },
    "r.why_party.shares_cast": {
        "en": "With cast someone here likes.",
        "es": "Con actores que le gustan a alguien de aquí.",
    },
    "r.why_party.like_title": {
        "en": "Close in genre, story and era to what someone here likes.",
        "es": "Parecido en género, historia y época a lo que le gusta a alguien de aquí.",
    },
    "r.why_party.liked_by_fans": {
        "en": "People who like what someone here likes liked this.",
        "es": "Les gustó a quienes disfrutan lo mismo que alguien de aquí.",
    },
    "r.why_party.went_on_to": {
        "en": "What people rated next after a title someone here rated lately.",
        "es": "Lo que otros valoraron justo después de un título que alguien de aquí valoró hace poco.",
    },
    "r.why_same_franchise": {
        "en": "{franchise}, like {title}, {liked}.",
        "es": "{franchise}, como {title}, {liked}.",
    },
    "r.why_same_director": {
        "en": "Same director as {title} ({name}), {liked}.",
        "es": "Mismo director que {title} ({name}), {liked}.",
    },
    "r.why_shares_cast": {
        "en": "Shares cast with {title} ({names}), {liked}.",
        "es": "Comparte reparto con {title} ({names}), {liked}.",
    },
    "r.why_like_title": {
        "en": "Like {title} in genre, story and era, {liked}.",
        "es": "Parecido a {title} en género, historia y época, {liked}.",
    },
    "r.why_liked_by_fans": {
        "en": "People who liked {title}, {as_did}, liked this.",
        "es": "A quienes les gustó {title}, {as_did}, también les gustó esta.",
    },
    "r.why_went_on_to": {
        "en": "People who rated {title}, {rated}, went on to rate this.",
        "es": "Quienes valoraron {title}, {rated}, valoraron esta después.",
    },
    "r.why_taste_match": {
        "en": "People with tastes like {tastes} liked it.",
        "es": "Les gustó a personas con gustos como {tastes}.",
    },
    "r.why_popular_on": {
        "en": "Popular on {platform}.",
        "es": "Popular en {platform}.",
    },
    "r.why_low": {
        "en": "Predicted {rating}/5, below the {threshold} bar. In its favour: {why}",
        "es": "Predicción {rating}/5, por debajo del {threshold}. A su favor: {why}",
    },
    "r.why_low_plain": {
        "en": "Predicted {rating}/5, below the {threshold} bar.",
        "es": "Predicción {rating}/5, por debajo del {threshold}.",
    },
    "r.why_group.one": {
        "en": "You are predicted to rate it at least {lowest}/5.",
        "es": "Se prevé que lo puntúes al menos {lowest}/5.",
    },
    "r.why_group.other": {
        "en": "All {n} of you are predicted to rate it at least {lowest}/5.",
        "es": "Se prevé que los {n} lo puntúen al menos {lowest}/5.",
    },
    "r.why_similar": {
        "en": "Like {title} (similarity {similarity}).",
        "es": "Como {title} (similitud {similarity}).",
    },
    "r.why_popular": {"en": "Popular and well rated here.", "es": "Popular y bien valorado aquí."},
    "r.why_rate_to_personalise": {
        "en": "Popular picks: rate a few titles and your picks become personal at once.",
        "es": "Títulos populares: valora algunos y tus sugerencias serán personales al instante.",
    },
    "r.hint": {
        "en": "💡 These are popular picks. Rate a few titles you've watched (<code>/rate ns1 4.5</code>, or the ⭐ buttons on a card) and they become personal at once.",
        "es": "💡 Son títulos populares. Valora algunos que hayas visto (<code>/rate ns1 4.5</code>, o los botones ⭐ de una ficha) y serán personales al instante.",
    },
    "r.hint_user": {
        "en": "💡 These are popular picks: user {user} has no ratings in the data the model learned from.",
        "es": "💡 Son títulos populares: el usuario {user} no tiene valoraciones en los datos de los que aprendió el modelo.",
    },
    "r.rated_already.me": {
        "en": "⭐ You rated <b>{title}</b> {stars}★ already. More like it: <code>/{similar} {id}</code>; to change your rating, press a star below.",
        "es": "⭐ Ya valoraste <b>{title}</b> con {stars}★. Más como este: <code>/{similar} {id}</code>; para cambiar tu valoración, pulsa una estrella.",
    },
    "r.rated_already.user": {
        "en": "⭐ User {user} rated <b>{title}</b> {stars}★. More like it: <code>/{similar} {id}</code>.",
        "es": "⭐ El usuario {user} valoró <b>{title}</b> con {stars}★. Más como este: <code>/{similar} {id}</code>.",
    },
    "r.header_me": {"en": "🎯 <b>Picked for you</b>", "es": "🎯 <b>Elegidos para ti</b>"},
    "r.header_user": {
        "en": "🎯 <b>Top picks for user {user}</b>",
        "es": "🎯 <b>Lo mejor para el usuario {user}</b>",
    },
    "r.header_group.one": {
        "en": "🍿 <b>For the watch party</b> (1 person so far; others join with /join)",
        "es": "🍿 <b>Para la sesión de cine</b> (1 persona por ahora; los demás se unen con /unirme)",
    },
    "r.header_group.other": {
        "en": "🍿 <b>For the watch party</b> ({n} people; nobody is likely to dislike these)",
        "es": "🍿 <b>Para la sesión de cine</b> ({n} personas; a nadie debería disgustarle)",
    },
    "r.header_me_filtered": {
        "en": "🎯 <b>Picked for you</b> · {filters}",
        "es": "🎯 <b>Elegidos para ti</b> · {filters}",
    },
    "r.header_similar": {"en": "🔁 <b>Like {title}</b>", "es": "🔁 <b>Parecidos a {title}</b>"},
    "r.line": {
        "en": "{n}. <b>{title}</b> ({year}, {platform} · {type}) — ⭐ {stars}\n    <i>{why}</i>",
        "es": "{n}. <b>{title}</b> ({year}, {platform} · {type}) — ⭐ {stars}\n    <i>{why}</i>",
    },
    "r.line_group": {
        "en": "{n}. <b>{title}</b> ({year}, {platform} · {type}) — everyone ≥ ⭐ {stars}",
        "es": "{n}. <b>{title}</b> ({year}, {platform} · {type}) — todos ≥ ⭐ {stars}",
    },
    "r.line_similar": {
        "en": "{n}. <b>{title}</b> ({year}, {platform} · {type})",
        "es": "{n}. <b>{title}</b> ({year}, {platform} · {type})",
    },
    "r.none": {
        "en": "Nothing left to suggest with these filters. Try without them.",
        "es": "No queda nada que sugerir con esos filtros. Prueba sin ellos.",
    },
    "err.party_empty": {
        "en": "🍿 Nobody has joined this group's watch party yet. Each of you: /join — then /recommend picks titles for everyone.",
        "es": "🍿 Nadie se unió aún a la sesión de cine de este grupo. Cada uno: /unirme — y /recomendar elegirá títulos para todos.",
    },
    "r.verdict_yes.user": {
        "en": "👍 Yes — user {user} should watch <b>{title}</b>: predicted ⭐ {stars} (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👍 Sí — el usuario {user} debería ver <b>{title}</b>: predicción ⭐ {stars} (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_no.user": {
        "en": "👎 Probably not — predicted ⭐ {stars} for user {user} on <b>{title}</b> (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👎 Mejor no — predicción ⭐ {stars} del usuario {user} para <b>{title}</b> (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_yes.me": {
        "en": "👍 Yes — you should watch <b>{title}</b>: predicted ⭐ {stars} for you (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👍 Sí — deberías ver <b>{title}</b>: predicción ⭐ {stars} para ti (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_no.me": {
        "en": "👎 Probably not — predicted ⭐ {stars} for you on <b>{title}</b> (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👎 Mejor no — predicción ⭐ {stars} para ti en <b>{title}</b> (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_yes.party": {
        "en": "👍 Yes — <b>{title}</b> suits the watch party: everyone is predicted ⭐ {stars} or more (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👍 Sí — <b>{title}</b> le va bien a la sesión de cine: para todos se prevé ⭐ {stars} o más (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_no.party": {
        "en": "👎 Probably not — someone in the watch party is predicted only ⭐ {stars} on <b>{title}</b> (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👎 Mejor no — para alguien de la sesión de cine se prevé solo ⭐ {stars} en <b>{title}</b> (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.not_personal.user": {
        "en": "I don't know this user's taste yet, so this is the title's usual rating.",
        "es": "Aún no conozco los gustos de este usuario, así que es la valoración habitual del título.",
    },
    "r.not_personal.me": {
        "en": "I don't know your taste yet, so this is the title's usual rating. Rate a few titles (<code>/rate ns1 4.5</code>) and it becomes yours.",
        "es": "Aún no conozco tus gustos, así que es la valoración habitual del título. Valora algunos (<code>/rate ns1 4.5</code>) y será la tuya.",
    },
    "r.not_personal.party": {
        "en": "Nobody in the watch party has rated anything yet, so this is the title's usual rating.",
        "es": "Nadie de la sesión de cine ha valorado nada aún, así que es la valoración habitual del título.",
    },
    "r.which": {
        "en": "Which title do you mean by “{text}”? Send one of these:",
        "es": "¿Qué título quieres decir con «{text}»? Envía uno de estos:",
    },
    "r.which_line": {
        "en": "<code>/{command} {id}</code> — {title} ({year}, {platform} · {type})",
        "es": "<code>/{command} {id}</code> — {title} ({year}, {platform} · {type})",
    },
    "r.no_such_title": {
        "en": "I found no title called “{text}”. Try <code>/search {text}</code>, or give a title id: <code>/{command} ns1</code>.",
        "es": "No encontré ningún título llamado «{text}». Prueba <code>/buscar {text}</code>, o da un id de título: <code>/{command} ns1</code>.",
    },
    "err.title_filtered": {
        "en": "<b>{title}</b> ({id}) is not what “{given}” asks for: it is on {platform}. Leave “{given}” out to ask about it.",
        "es": "<b>{title}</b> ({id}) no es lo que pide «{given}»: está en {platform}. Quita «{given}» para preguntar por él.",
    },
    "r.modelinfo": {
        "en": "🧠 <b>Live model</b> {version} ({kind})\nTrained on ratings up to id {watermark}, at {trained}.",
        "es": "🧠 <b>Modelo activo</b> {version} ({kind})\nEntrenado con valoraciones hasta el id {watermark}, el {trained}.",
    },
    "r.modelinfo_fallback": {
        "en": "⚠️ Standing in: {why}",
        "es": "⚠️ Sustituto: {why}",
    },
    "r.modelinfo_holdout": {
        "en": "📏 <b>Holdout</b> ({people} real people, {ratings} ratings never trained on): precision@10 <b>{p10}</b> · popularity {pop} · content {content}; NDCG gain over the better of them {gain} ± {error}; stars RMSE {rmse}",
        "es": "📏 <b>Validación</b> ({people} personas reales, {ratings} valoraciones nunca vistas al entrenar): precisión@10 <b>{p10}</b> · popularidad {pop} · contenido {content}; mejora de NDCG sobre el mejor de ellos {gain} ± {error}; RMSE de estrellas {rmse}",
    },
    "r.modelinfo_weights": {
        "en": "⚖️ <b>Source weights</b>: {weights}",
        "es": "⚖️ <b>Peso de cada fuente</b>: {weights}",
    },
    "r.modelinfo_calibration": {
        "en": "🎯 <b>Calibration</b> (predicted → actual stars, bins with ≥ 100 ratings): {bins}",
        "es": "🎯 <b>Calibración</b> (estrellas previstas → reales, tramos con ≥ 100 valoraciones): {bins}",
    },
    "r.modelinfo_no_metrics": {
        "en": "No holdout figures for this version.",
        "es": "Esta versión no tiene cifras de validación.",
    },
    "r.modelinfo_runs": {"en": "🏋️ <b>Training runs</b>", "es": "🏋️ <b>Entrenamientos</b>"},
    "r.modelinfo_no_runs": {"en": "No training has run yet.", "es": "Aún no se ha entrenado."},
    "r.source.content": {"en": "catalog content", "es": "contenido del catálogo"},
    "r.source.taste": {"en": "real taste (item-item)", "es": "gustos reales (título a título)"},
    "r.source.taste_factors": {"en": "real taste (factors)", "es": "gustos reales (factores)"},
    "r.source.taste_ials": {
        "en": "real taste (implicit factors)",
        "es": "gustos reales (factores implícitos)",
    },
    "r.source.taste_next": {
        "en": "real taste (what people rated next)",
        "es": "gustos reales (lo que se valoró después)",
    },
    "r.source.taste_popularity": {
        "en": "popularity with real people",
        "es": "popularidad entre personas reales",
    },
    "r.source.taste_mf": {
        "en": "real taste (star factors)",
        "es": "gustos reales (factores de estrellas)",
    },
    "r.source.dataset": {
        "en": "dataset ratings (factors)",
        "es": "valoraciones del conjunto de datos (factores)",
    },
    "r.source.dataset_popularity": {
        "en": "dataset popularity",
        "es": "popularidad en el conjunto de datos",
    },
    "r.modelinfo_run": {
        "en": "• run {id} {started}: <b>{status}</b> ({trigger}) {reason}",
        "es": "• ejecución {id} {started}: <b>{status}</b> ({trigger}) {reason}",
    },
    "r.retrain_started": {
        "en": "🏋️ Training started in the background. /modelinfo shows how it went.",
        "es": "🏋️ Entrenamiento iniciado en segundo plano. /modelinfo muestra el resultado.",
    },
    "r.retrain_unavailable": {
        "en": "Training is not scheduled in this process (run the bot or `streambot jobs`).",
        "es": "El entrenamiento no está programado en este proceso (ejecuta el bot o `streambot jobs`).",
    },
    "r.first_training": {
        "en": "🛠 No recommendation model is trained yet: the first one is training in the background (a minute or two), and until it is ready these picks are by popularity.",
        "es": "🛠 Aún no hay un modelo de recomendación entrenado: el primero se está entrenando en segundo plano (un minuto o dos) y, hasta que esté listo, estas sugerencias son por popularidad.",
    },
    "err.bad_user_id": {
        "en": "“{given}” is not a user id: give a positive whole number, like 42.",
        "es": "«{given}» no es un id de usuario: da un número entero positivo, como 42.",
    },
    "err.bad_group_size": {
        "en": "A group recommendation needs 1 to 20 people.",
        "es": "Una recomendación de grupo necesita de 1 a 20 personas.",
    },
    "err.private_user": {
        "en": "User ids from 1,000,000,000 up are kept for people who use this bot, and only each person can see their own picks. For yours, send /recommend alone; dataset users have ids below 1,000,000,000.",
        "es": "Los ids de usuario desde 1.000.000.000 son de personas que usan este bot, y cada una solo puede ver sus propias sugerencias. Para las tuyas, envía /recommend solo; los usuarios del conjunto de datos tienen ids menores que 1.000.000.000.",
    },
    "arg.user id": {"en": "user id", "es": "id de usuario"},
}
