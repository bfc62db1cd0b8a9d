"""Untrusted text shown as text: ui/plain_text.py, and where the app uses it.

What Streamlit and Plotly make of the strings is checked in a real browser
(tests/e2e/test_hostile_browser.py); here, the strings themselves: every Markdown character
escaped, the length bounded, and a file read once per upload.
"""

import html
import re
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig, build_trainer, save_run_bytes
from ui.figures.uploads import data_preview_figure
from ui.files import run_files
from ui.plain_text import (
    MESSAGE_LENGTH,
    NAME_LENGTH,
    WORD_JOINER,
    plain_markdown,
    plain_plotly,
    printable,
    shortened,
)
from ui.views.files import markdown_table, read_once

HOSTILE = [
    "[click me](https://evil.example/x)",
    "![image](https://evil.example/i.png)",
    "see https://evil.example and www.evil.example and kid@evil.example",
    ":red[red] :smile: :material/home: :material_home: :streamlit:",
    "$x^2$ and $$y$$",
    "<b>bold</b> <a href='https://evil.example'>a</a> &amp;",
    "**bold** _it_ `code` # head | cell",
    "1. list\n> quote\n    code\r\x00\t",
]


def as_read(markdown):
    """What a CommonMark reader shows for `markdown` made of escapes: each backslash before
    ASCII punctuation removed, and the invisible word joiners."""
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return unescaped.replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_markdown_escapes_every_markdown_character_and_reads_back_as_the_text(text):
    markdown = plain_markdown(text, 200)
    assert as_read(markdown) == printable(text)
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown)
    assert not any(character in string.punctuation for character in unescaped), markdown
    assert "\n" not in markdown and "\r" not in markdown


@given(st.text(max_size=300))
def test_any_text_reads_back_as_itself_cut_to_its_length(text):
    markdown = plain_markdown(text, 50)
    assert as_read(markdown) == printable(shortened(text, 50))
    assert len(as_read(markdown)) <= 50 * 6  # a control character reads as up to 6 characters


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        (":smile:", ":\u2060smile"),  # emoji: Streamlit replaces ":name:" after parsing
        ("www.evil.example", "www\u2060\\."),  # a link made from "www." after parsing
        ("kid@evil.example", "kid\u2060\\@"),  # an e-mail link
        ("https://evil.example", "https\\:\u2060"),
    ],
)
def test_what_streamlit_links_after_parsing_is_kept_apart_by_a_word_joiner(text, broken):
    assert broken in plain_markdown(text)


def test_a_long_value_is_cut_and_a_message_is_bounded():
    assert len(as_read(plain_markdown("x" * 1_000_000))) == NAME_LENGTH
    assert as_read(plain_markdown("x" * 1_000_000)).endswith("…")
    assert len(as_read(plain_markdown("y" * 10**6, MESSAGE_LENGTH))) == MESSAGE_LENGTH


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_plotly_has_no_tag_and_reads_back_as_the_text(text):
    label = plain_plotly(text, 200)
    assert "<" not in label and ">" not in label
    assert html.unescape(label) == printable(text)


def test_the_preview_figure_shows_hostile_column_names_as_text():
    names = ["<a href='https://evil.example'>x</a>", "<b>y</b><br>", "label"]
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    figure = data_preview_figure(X, np.array([0, 1]), names, [0, 1])
    for axis, name in (("xaxis", names[0]), ("yaxis", names[1])):
        title = figure["layout"][axis]["title"]["text"]
        assert "<" not in title and ">" not in title
        assert html.unescape(title) == f"{name} (standardised)"


def test_a_markdown_table_shows_its_cells_as_plain_text():
    table = markdown_table(["[a](https://evil.example)", "b|c"], [["**1**", 2]])
    header, rule, row = table.split("\n")
    assert "\\[a\\]\\(https\\:" in header and "b\\|c" in header
    assert row.count(" | ") == 1  # the escaped "|" does not make a new column
    assert "\\*\\*1\\*\\*" in row


# --- a file is read once per upload ---------------------------------------------------------


class Upload:
    """What st.file_uploader returns, as far as read_once uses it."""

    def __init__(self, file_id, content=b"data", name="data.csv"):
        self.file_id, self.content, self.name = file_id, content, name

    def getvalue(self):
        return self.content


class CountingReader:
    def __init__(self, refuse=False):
        self.calls, self.refuse = 0, refuse

    def __call__(self, content, name):
        self.calls += 1
        if self.refuse:
            raise ValueError(f"{name} is bad")
        return ("read", content)


@pytest.mark.parametrize("refuse", [False, True], ids=["accepted", "refused"])
def test_a_file_is_read_once_per_upload_however_many_reruns(refuse):
    session_state, reader = {}, CountingReader(refuse)
    answers = [read_once(session_state, "kept", Upload("id-1"), reader) for _ in range(5)]
    assert reader.calls == 1
    expected = (None, "data.csv is bad") if refuse else (("read", b"data"), None)
    assert answers == [expected] * 5
    read_once(session_state, "kept", Upload("id-2"), reader)  # the same file uploaded again
    assert reader.calls == 2
    assert read_once(session_state, "kept", None, reader) == (None, None)
    assert "kept" not in session_state  # an emptied uploader lets the answer go


# --- the Save & load page, through AppTest ------------------------------------------------------

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def files_page():
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/files.py")
    at.run()
    return at


def upload(at, key, name, content):
    uploader = next(element for element in at.get("file_uploader") if element.key == key)
    uploader.set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception


def test_the_page_reads_a_run_file_once_however_often_it_reruns(monkeypatch):
    calls, read_run_file = [], run_files.read_run_file

    def counting_reader(content, name):
        calls.append(name)
        return read_run_file(content, name)

    monkeypatch.setattr("ui.files.run_files.read_run_file", counting_reader)
    config = RunConfig(samples=10, hidden_layers=(8,))
    at = files_page()
    upload(at, "files_run", "run.npz", save_run_bytes(build_trainer(config), config))
    for _ in range(3):
        at.run()
    assert calls == ["run.npz"]
    at.button(key="files_load_run").click()
    at.run()
    at.session_state["run"].advance(5)  # the loaded run trains on...
    at.button(key="files_load_run").click()  # ...and loading the file again starts over
    at.run()
    assert at.session_state["run"].epoch == 0 and calls == ["run.npz"]


def test_a_hostile_file_name_reaches_the_page_escaped_and_its_message_bounded():
    at = files_page()
    name = "[prize](https://evil.example) " + "x" * 10_000 + ".npz"
    upload(at, "files_run", name, b"PK" + b"\0" * 100)
    message = at.error[0].value
    assert message.startswith("\\[prize\\]\\(https\\:\u2060\\/\\/evil\\.example\\)")
    assert len(message) < 2 * MESSAGE_LENGTH
