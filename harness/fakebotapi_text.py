"""Text formatting for the fake Bot API: Telegram's HTML parse mode and automatic entities.

`parse_html` is a port of tdlib's `parse_html` (td/telegram/MessageEntity.cpp), which is what
the real Bot API server runs, so the error texts and byte offsets match Telegram's. Offsets and
lengths of entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re

_TAGS = {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler"}
_TAGS |= {"tg-emoji", "span", "pre", "code", "blockquote"}
_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
# tdlib sorts entities by offset, then longer first, then by this priority.
_PRIORITY = {
    "blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20, "text_link": 49,
    "text_mention": 49, "bot_command": 50, "url": 50, "mention": 50, "hashtag": 50,
    "bold": 90, "italic": 91, "underline": 92, "strikethrough": 93, "spoiler": 94,
    "custom_emoji": 99,
}  # fmt: skip
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\v\0"
_AUTO = re.compile(
    r"(?P<bot_command>(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@]))"
    r"|(?P<url>\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'])"
    r"|(?P<mention>(?<!\w)@[A-Za-z0-9_]{5,32}(?!\w))"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d_]\w*)"
)


class ParseError(ValueError):
    """Bad input text; the message is Telegram's description without "Bad Request: "."""


def u16len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(s: str, pos: int) -> tuple[str, int]:
    """Decode the HTML entity at s[pos] == "&"; ("", pos) if it is not one (tdlib rules)."""
    end = pos + 1
    if s[end] == "#":
        end += 1
        hexa = s[end] == "x"
        end += hexa
        start = end
        while s[end] in ("0123456789abcdefABCDEF" if hexa else "0123456789"):
            end += 1
        code = int(s[start:end], 16 if hexa else 10) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return "", pos
        char = chr(code)
    else:
        while s[end].isascii() and s[end].isalpha():
            end += 1
        char = _NAMED.get(s[pos + 1 : end], "")
        if not char:
            return "", pos
    return char, end + (s[end] == ";")


def checked_link(url: str) -> str:
    """A loose version of tdlib's LinkManager::get_checked_link ("" when not a link)."""
    url = url.strip()
    if re.match(r"(?i)(tg|ton)://\S+$", url):
        return url
    m = re.match(r"(?i)(https?://)?([\w.-]+\.[a-z]{2,}|localhost|[\d.]+)(:\d+)?(\S*)$", url)
    if not m:
        return ""
    scheme, host, port, rest = m.groups()
    return f"{(scheme or 'http://').lower()}{host}{port or ''}{rest or '/'}"


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into (plain text, entities); raise ParseError like Telegram.

    With `strict`, a bare "&" or ">" outside tags is also an error, as the Bot API docs ask;
    tdlib itself keeps them as literal text (only "<" must be escaped there).
    """
    s = text + "\0"
    n = len(text)

    def at(pos: int) -> int:  # byte offset, as tdlib reports positions
        return len(text[:pos].encode())

    out: list[str] = []
    u16 = 0
    entities: list[dict] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf-16 offset, len(out)
    i = 0
    while i < n:
        c = s[i]
        if c == "&":
            char, end = _decode_entity(s, i)
            if char:
                out.append(char)
                u16 += u16len(char)
                i = end
                continue
            if strict:
                raise ParseError(f'Unescaped "&" at byte offset {at(i)}; use "&amp;"')
        if c != "<":
            if strict and c == ">":
                raise ParseError(f'Unescaped ">" at byte offset {at(i)}; use "&gt;"')
            out.append(c)
            u16 += u16len(c)
            i += 1
            continue
        begin = i
        i += 1
        if s[i] != "/":
            while s[i] not in _SPACES and s[i] != ">":
                i += 1
            if s[i] == "\0":
                raise ParseError(f"Unclosed start tag at byte offset {at(begin)}")
            tag = s[begin + 1 : i].lower()
            if tag not in _TAGS:
                raise ParseError(f'Unsupported start tag "{tag}" at byte offset {at(begin)}')
            argument = ""
            while s[i] != ">":
                while s[i] != "\0" and s[i] in _SPACES:
                    i += 1
                if s[i] == ">":
                    break
                name_begin = i
                while s[i] not in _SPACES and s[i] != "=" and (tag != "blockquote" or s[i] != ">"):
                    i += 1
                name = s[name_begin:i]
                if not name:
                    raise ParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {at(begin)}'
                    )
                while s[i] != "\0" and s[i] in _SPACES:
                    i += 1
                if s[i] != "=":
                    if tag == "blockquote" and name.lower() == "expandable":
                        argument = "expandable"
                        continue
                    raise ParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {at(begin)}'
                    )
                i += 1
                while s[i] != "\0" and s[i] in _SPACES:
                    i += 1
                if s[i] == "\0":
                    raise ParseError(f'Unclosed start tag "{tag}" at byte offset {at(begin)}')
                if s[i] not in "'\"":
                    token_begin = i
                    while s[i].isascii() and (s[i].isalnum() or s[i] in ".-"):
                        i += 1
                    value = s[token_begin:i].lower()
                    if s[i] not in _SPACES and s[i] != ">":
                        raise ParseError(
                            f"Unexpected end of name token at byte offset {at(token_begin)}"
                        )
                else:
                    quote, chars = s[i], []
                    i += 1
                    while s[i] != quote and s[i] != "\0":
                        char, end = _decode_entity(s, i) if s[i] == "&" else ("", i)
                        chars.append(char or s[i])
                        i = end if char else i + 1
                    i += s[i] == quote
                    value = "".join(chars)
                if s[i] == "\0":
                    raise ParseError(f"Unclosed start tag at byte offset {at(begin)}")
                if (tag, name) in (("a", "href"), ("tg-emoji", "emoji-id")):
                    argument = value
                elif (tag, name) == ("code", "class") and value.startswith("language-"):
                    argument = value[9:]
                elif (tag, name) == ("span", "class") and value.startswith("tg-"):
                    argument = value[3:]
            if tag == "span" and argument != "spoiler":
                raise ParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {at(begin)}'
                )
            stack.append((tag, argument, u16, len(out)))
            i += 1
            continue
        if not stack:
            raise ParseError(f"Unexpected end tag at byte offset {at(begin)}")
        while s[i] not in _SPACES and s[i] != ">":
            i += 1
        end_tag = s[begin + 2 : i].lower()
        while s[i] != "\0" and s[i] in _SPACES:
            i += 1
        if s[i] != ">":
            raise ParseError(f"Unclosed end tag at byte offset {at(begin)}")
        tag, argument, offset, out_pos = stack.pop()
        if end_tag and end_tag != tag:
            raise ParseError(
                f'Unmatched end tag at byte offset {at(begin)}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        i += 1
        if u16 > offset:
            _close_entity(entities, tag, argument, offset, u16 - offset, "".join(out[out_pos:]))
    if stack:
        raise ParseError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    for e in entities:
        if e["type"] == "code":
            e.pop("language", None)
    result = "".join(out)
    try:
        result.encode()
    except UnicodeEncodeError:
        raise ParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units"
        ) from None
    return result, entities


def _close_entity(entities: list[dict], tag: str, arg: str, offset: int, length: int, inner: str):
    entity: dict = {"type": _SIMPLE.get(tag, tag), "offset": offset, "length": length}
    last = entities[-1] if entities else {}
    same_span = last.get("offset") == offset and last.get("length") == length
    if tag == "tg-emoji":
        if not arg.isdigit() or int(arg) == 0:
            raise ParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=arg)
    elif tag == "a":
        url = checked_link(arg or inner)
        if not url:
            return  # Telegram silently drops links it can't use
        entity.update(type="text_link", url=url)
    elif tag == "blockquote" and arg == "expandable":
        entity["type"] = "expandable_blockquote"
    elif tag == "pre" and same_span and last["type"] == "code" and last.get("language"):
        last["type"] = "pre"
        return
    elif tag == "code" and same_span and last["type"] == "pre" and arg:
        last["language"] = arg
        return
    elif tag == "code" and arg:
        entity["language"] = arg  # kept only until a surrounding <pre> claims it
    entities.append(entity)


def _auto_entities(text: str, taken: list[dict]) -> list[dict]:
    """bot_command, url, mention and hashtag entities, as Telegram finds them in any text."""
    blocked = [
        (e["offset"], e["offset"] + e["length"])
        for e in taken
        if e["type"] in ("code", "pre", "text_link", "url", "custom_emoji")
    ]
    found = []
    for m in _AUTO.finditer(text):
        offset = u16len(text[: m.start()])
        length = u16len(m.group())
        if not any(a < offset + length and offset < b for a, b in blocked):
            found.append({"type": m.lastgroup, "offset": offset, "length": length})
    return found


def _sort(entities: list[dict]) -> list[dict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"], _PRIORITY[e["type"]]))


def _trim(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Strip surrounding whitespace as Telegram does, keeping entities aligned."""
    stripped = text.strip()
    if not stripped:
        return "", []
    left = u16len(text[: len(text) - len(text.lstrip())])
    size = u16len(stripped)
    kept = []
    for e in entities:
        start, end = max(0, e["offset"] - left), min(size, e["offset"] + e["length"] - left)
        if end > start:
            kept.append({**e, "offset": start, "length": end - start})
    return stripped, kept


def format_text(
    raw: str, parse_mode: str | None, entities: list[dict] | None, *, strict: bool = True
) -> tuple[str, list[dict]]:
    """What Telegram stores for a text or caption: (plain text, sorted entities)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, parsed = parse_html(raw, strict=strict)
        except ParseError as err:
            raise ParseError(f"can't parse entities: {err}") from None
    elif mode in ("markdown", "markdownv2"):
        raise ParseError("the fake Bot API implements parse_mode HTML only")
    elif mode:
        raise ParseError(f"unsupported parse_mode {parse_mode!r}")
    else:
        text, parsed = raw, [dict(e) for e in entities or ()]
    text, parsed = _trim(text, parsed)
    return text, _sort(parsed + _auto_entities(text, parsed))
