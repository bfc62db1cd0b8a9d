"""Text from outside the app shown as exactly that text, cut to a sane length.

A file's name, a CSV header or cell, a value inside a saved run, an error message that quotes
one: a learner may open a file that someone else made. Streamlit renders what st.markdown,
st.error, st.info or a table cell gets as Markdown, so such text could become a link, an image
loaded from another site, coloured text, LaTeX, an emoji or an icon; a Plotly title reads
<a href>, <b> and <br> tags. Every untrusted string goes through one of the two functions
below on its way to the page:

- `plain_markdown(text)`: Markdown that shows `text` as it is;
- `plain_plotly(text)`: a Plotly title or label that shows `text` as it is.

Both first cut the text to `length` characters (a 1 MB name would freeze the tab) and show
control characters as escapes (a newline as \\n), so the text stays on its line.
"""

import string

NAME_LENGTH = 60  # a file name, a column name, a cell
MESSAGE_LENGTH = 400  # an error message (which may quote a few names)

# Streamlit (1.67) turns some text into something else *after* Markdown is parsed, where a
# backslash cannot stop it: ":smile:" (emoji), ":material_home:" (an icon), "http://x.org",
# "kid@x.org" and "www.x.org" (links). An invisible WORD JOINER (U+2060) after each ":", before
# each "@" and between "www" and "." keeps them apart without changing what the reader sees.
WORD_JOINER = "\u2060"


def shortened(text, length=NAME_LENGTH):
    """`text` cut to `length` characters, with "…" when it was longer."""
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def printable(text):
    """`text` on one line: control characters (newline, tab, NUL, ...) as their escapes."""
    return "".join(
        character if character.isprintable() else repr(character)[1:-1] for character in text
    )


def plain_markdown(text, length=NAME_LENGTH):
    """Markdown that Streamlit shows as `text`, cut to `length` characters: no link, image,
    emphasis, colour, maths, emoji or icon made from it.

    Every ASCII punctuation character gets a backslash (CommonMark shows "\\[" as "["), which
    stops links, images, emphasis, tables, HTML, ":red[...]" and "$x$" at the parser; the word
    joiners stop what Streamlit recognises after it (see WORD_JOINER).
    """
    escaped = []
    before = ""  # the characters of `text` so far
    for character in printable(shortened(text, length)):
        if character == "@" or (character == "." and before[-3:].lower() == "www"):
            escaped.append(WORD_JOINER)
        escaped.append("\\" + character if character in string.punctuation else character)
        if character == ":":
            escaped.append(WORD_JOINER)
        before += character
    return "".join(escaped)


def plain_plotly(text, length=NAME_LENGTH):
    """A Plotly title or label that shows `text`, cut to `length` characters: Plotly reads
    tags (<a href>, <b>, <br>) and entities (&amp;) in text, so "&", "<" and ">" become
    entities themselves."""
    short = printable(shortened(text, length))
    return short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
