"""One generated section of README.md: the text between `<!-- NAME:start -->` and
`<!-- NAME:end -->`, rewritten from a script's results or checked against them.

    from readme_section import sync
    sys.exit(sync("compare", table_text, check="--check" in sys.argv, how="bench/compare_table.py"))
"""
import difflib
import pathlib
import sys

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def sync(name, body, check, how):
    """Writes `body` into the section (or, with `check`, prints a diff and returns 1 when the
    README differs). Returns the exit status."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = README.read_text()
    head, found, rest = text.partition(start)
    _, found_end, tail = rest.partition(end)
    if not found or not found_end:
        print(f"{README}: markers {start} ... {end} not found", file=sys.stderr)
        return 1
    wanted = f"{head}{start}\n{body}\n{end}{tail}"
    if check:
        if wanted != text:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(True), wanted.splitlines(True), "README.md", f"README.md (from {how})"))
            print(f"README.md's {name} section is out of date: run {how}", file=sys.stderr)
            return 1
        return 0
    if wanted != text:
        README.write_text(wanted)
        print(f"updated {README}")
    return 0
