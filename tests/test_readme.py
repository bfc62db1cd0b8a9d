"""The README's Python example runs and prints what the README says it prints."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example():
    text = README.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- readme-example: start -->\s*```python\n(.*?)```\s*<!-- readme-example: end -->",
        text,
        re.DOTALL,
    ).group(1)
    code_lines = [line for line in block.splitlines() if not line.startswith("# ")]
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    return "\n".join(code_lines), expected


def test_the_readme_example_prints_what_the_readme_shows():
    code, expected = readme_example()
    assert expected, "the README example should show its output"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(README), "exec"), {})
    assert output.getvalue().splitlines() == expected
