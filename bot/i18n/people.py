"""Messages of /rate, /myratings, /forget and the watch party."""

from __future__ import annotations

PEOPLE_MESSAGES: dict[str, dict[str, str]] = {
    "p.rate_saved": {
        "en": "⭐ Saved: <b>{value}</b> for <b>{title}</b>{previous}. Your recommendations already take it into account.",
        "es": "⭐ Guardado: <b>{value}</b> para <b>{title}</b>{previous}. Tus recomendaciones ya lo tienen en cuenta.",
    },
    "p.rate_saved_pending": {
        "en": "⭐ Saved: <b>{value}</b> for <b>{title}</b>{previous}. The first recommendation model is training now (a minute or two): your recommendations take it into account as soon as it is ready.",
        "es": "⭐ Guardado: <b>{value}</b> para <b>{title}</b>{previous}. El primer modelo de recomendación se está entrenando ahora (un minuto o dos): tus recomendaciones lo tendrán en cuenta en cuanto esté listo.",
    },
    "p.rate_was": {"en": " (was {value})", "es": " (antes {value})"},
    "p.rate_same": {"en": " (as before)", "es": " (igual que antes)"},
    "p.rate_toast": {"en": "Saved {stars} for {title}", "es": "Guardado {stars} para {title}"},
    "p.btn_similar": {"en": "🔁 Similar titles", "es": "🔁 Títulos parecidos"},
    "p.btn_for_me": {"en": "🎯 Recommend me", "es": "🎯 Recomiéndame"},
    "p.myratings_none": {
        "en": "You haven't rated anything yet. Try <code>/rate ns1 4.5</code>, or the ⭐ buttons on a title card.",
        "es": "Aún no has valorado nada. Prueba <code>/rate ns1 4.5</code>, o los botones ⭐ de una ficha.",
    },
    "p.myratings_header.one": {
        "en": "⭐ <b>Your rating</b>",
        "es": "⭐ <b>Tu valoración</b>",
    },
    "p.myratings_header.other": {
        "en": "⭐ <b>Your {n} ratings</b>",
        "es": "⭐ <b>Tus {n} valoraciones</b>",
    },
    "p.myratings_line": {
        "en": "• <b>{title}</b> · {platform} — {value} · <code>{id}</code>",
        "es": "• <b>{title}</b> · {platform} — {value} · <code>{id}</code>",
    },
    "p.forget_confirm": {
        "en": "🗑 This deletes <b>all</b> your data: every rating and your watch-party memberships. It cannot be undone. Are you sure?",
        "es": "🗑 Esto borra <b>todos</b> tus datos: cada valoración y tus sesiones de cine en grupo. No se puede deshacer. ¿Seguro?",
    },
    "p.forget_yes": {"en": "Yes, delete everything", "es": "Sí, borrar todo"},
    "p.forget_no": {"en": "No, keep it", "es": "No, conservar"},
    "p.forget_cancelled": {"en": "Nothing was deleted.", "es": "No se borró nada."},
    "p.forget_done": {
        "en": "🗑 Done, deleted: {ratings}, {parties}. I no longer know anything about you.",
        "es": "🗑 Hecho, borrado: {ratings}, {parties}. Ya no sé nada de ti.",
    },
    "p.join_done": {
        "en": "🍿 {name} joined the watch party — {members} in it now. /recommend now suggests titles for everyone.",
        "es": "🍿 {name} se unió a la sesión de cine del grupo: ahora hay {members}. /recomendar sugiere títulos para todos.",
    },
    "p.join_already": {
        "en": "🍿 {name}, you're already in the watch party ({members}).",
        "es": "🍿 {name}, ya estás en la sesión de cine del grupo ({members}).",
    },
    "p.leave_done": {
        "en": "👋 {name} left the watch party ({members} left in it).",
        "es": "👋 {name} salió de la sesión de cine del grupo (quedan {members}).",
    },
    "p.leave_not_member": {
        "en": "{name}, you're not in the watch party. /join to join it.",
        "es": "{name}, no estás en la sesión de cine del grupo. /unirme para entrar.",
    },
    "err.bad_rating_value": {
        "en": "“{given}” is not a rating: give 0.5 to 5 in steps of 0.5, like 4.5.",
        "es": "«{given}» no es una valoración: da de 0.5 a 5 en pasos de 0.5, como 4.5.",
    },
    "arg.rating": {"en": "rating (0.5 to 5)", "es": "valoración (0.5 a 5)"},
    "p.not_a_person": {
        "en": "🎭 This was sent on behalf of a chat (as an anonymous admin, or as a channel), so I can't tell who you are — and ratings, the watch party, /myratings, /forget and your own recommendations belong to a person. Send it from your own account.",
        "es": "🎭 Esto se envió en nombre de un chat (como admin anónimo o como canal), así que no sé quién eres, y las valoraciones, la sesión de cine del grupo, /misvaloraciones, /olvidar y tus recomendaciones son de una persona. Envíalo desde tu propia cuenta.",
    },
    "err.not_a_person": {
        "en": "🎭 This was sent on behalf of a chat (as an anonymous admin, or as a channel), so I can't tell who you are — and ratings, the watch party, /myratings, /forget and your own recommendations belong to a person. Send it from your own account.",
        "es": "🎭 Esto se envió en nombre de un chat (como admin anónimo o como canal), así que no sé quién eres, y las valoraciones, la sesión de cine del grupo, /misvaloraciones, /olvidar y tus recomendaciones son de una persona. Envíalo desde tu propia cuenta.",
    },
    "p.not_your_button": {
        "en": "🙅 This button is for the person who asked. Send the command yourself.",
        "es": "🙅 Este botón es de quien lo pidió. Envía tú el comando.",
    },
}
