"""Messages of /recommend, /similar, /modelinfo and /retrain, and the wording of reasons."""

from __future__ import annotations

RECOMMEND_MESSAGES: dict[str, dict[str, str]] = {
    "r.and": {"en": " and ", "es": " y "},
    "r.why_liked": {"en": "Because you liked {titles}.", "es": "Porque te gustó {titles}."},
    "r.why_low": {
        "en": "Predicted {rating}/5, below the {threshold} bar: it is closest to {titles} among what you liked, but people with your taste rate it lower.",
        "es": "Predicción {rating}/5, por debajo del {threshold}: se parece a {titles}, que te gustaron, pero quienes comparten tu gusto la puntúan más bajo.",
    },
    "r.why_low_plain": {
        "en": "Predicted {rating}/5, below the {threshold} bar.",
        "es": "Predicción {rating}/5, por debajo del {threshold}.",
    },
    "r.why_group": {
        "en": "All {members} of you are predicted to rate it at least {lowest}/5.",
        "es": "Se prevé que los {members} lo puntúen al menos {lowest}/5.",
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
    "r.header_me": {"en": "🎯 <b>Picked for you</b>", "es": "🎯 <b>Elegidos para ti</b>"},
    "r.header_user": {
        "en": "🎯 <b>Top picks for user {user}</b>",
        "es": "🎯 <b>Lo mejor para el usuario {user}</b>",
    },
    "r.header_group": {
        "en": "🍿 <b>For the watch party</b> ({n} people; nobody is likely to dislike these)",
        "es": "🍿 <b>Para el grupo de película</b> ({n} personas; a nadie debería disgustarle)",
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
    "r.party_empty": {
        "en": "🍿 Nobody has joined this group's watch party yet. Each of you: /join — then /recommend picks titles for everyone.",
        "es": "🍿 Nadie se unió aún al grupo de película. Cada uno: /join — y /recommend elegirá títulos para todos.",
    },
    "r.verdict_yes": {
        "en": "👍 Yes — user {user} should watch <b>{title}</b>: predicted ⭐ {stars} (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👍 Sí — el usuario {user} debería ver <b>{title}</b>: predicción ⭐ {stars} (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.verdict_no": {
        "en": "👎 Probably not — predicted ⭐ {stars} for user {user} on <b>{title}</b> (the bar is {threshold}).\n<i>{why}</i>",
        "es": "👎 Mejor no — predicción ⭐ {stars} del usuario {user} para <b>{title}</b> (el umbral es {threshold}).\n<i>{why}</i>",
    },
    "r.not_personal": {
        "en": "I don't know this user's taste yet, so this is the title's usual rating.",
        "es": "Aún no conozco los gustos de este usuario, así que es la valoración habitual del título.",
    },
    "r.modelinfo": {
        "en": "🧠 <b>Live model</b> {version} ({kind})\nTrained on ratings up to id {watermark}, at {trained}.",
        "es": "🧠 <b>Modelo activo</b> {version} ({kind})\nEntrenado con valoraciones hasta el id {watermark}, el {trained}.",
    },
    "r.modelinfo_fallback": {
        "en": "⚠️ Standing in: {why}",
        "es": "⚠️ Sustituto: {why}",
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
        "en": "🛠 No recommendation model is trained yet: the first one is training in the background (a minute or so), and until it is ready these picks are by popularity.",
        "es": "🛠 Aún no hay un modelo de recomendación entrenado: el primero se está entrenando en segundo plano (un minuto o así) y, hasta que esté listo, estas sugerencias son por popularidad.",
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
