#!/usr/bin/env python3
"""Keeps the documentation honest about the code it describes.

    scripts/check-docs.py PATH_TO_APOGEE

1. Every `apogee …` (or `$B …`, the README's name for the binary) command in a code span or
   block of README.md and docs/*.md names subcommands that exist: each word after `apogee` is
   looked up in `apogee [WORDS…] --help` for as long as that help lists subcommands (options
   and their values are skipped), so `apogee admin --endpoint X topic create` checks `admin`,
   `topic` and `create`.
2. Every relative link in a tracked Markdown file points at a file or directory inside the
   repository: none outside it (a reader of the repository has nothing there), none missing.

Exits 1 with one line per problem.
"""
import functools
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMMAND_DOCS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```.*?$(.*?)^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
# `apogee` or `$B` as a word (not apogee-proxy, apogee.admin.v1 or a path's directory).
INVOCATION = re.compile(r"(?:^|(?<=[\s/(`'\"]))(?:apogee|\$B)(?=\s)")
WORD = re.compile(r"[a-z][a-z0-9-]*")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|^\[[^\]]+\]:\s*(\S+)", re.M)


@functools.lru_cache(maxsize=None)
def help_of(binary, words):
    """(exit status, subcommands, options taking a value) of `binary WORDS --help`."""
    out = subprocess.run([binary, *words, "--help"], capture_output=True, text=True)
    text = out.stdout + out.stderr
    commands, valued, section = set(), set(), None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
        elif section == "Commands" and (m := re.match(r"^\s+([a-z][a-z0-9-]*)\b", line)):
            commands.add(m.group(1))
        elif section == "Options":
            for flag in re.findall(r"(-[-\w]+) <\w+>", line):
                valued.add(flag)
            for short, long in re.findall(r"(-\w), (--[-\w]+) <", line):
                valued.update((short, long))
    commands.discard("help")
    return out.returncode, frozenset(commands), frozenset(valued)


def check_command(binary, tokens, words=()):
    """Problem text, or None, for the words after one `apogee` (shell tokens, loosely split)."""
    status, commands, valued = help_of(binary, words)
    i = 0
    while commands and i < len(tokens):
        tok = tokens[i].rstrip(".,;:)`'\"")
        if tok.startswith("-"):
            i += 1 if "=" in tok or tok not in valued else 2
            continue
        alternatives = tok.split("|")
        if len(alternatives) > 1 and all(WORD.fullmatch(w) for w in alternatives):  # `user|acl`
            found = [check_command(binary, [w, *tokens[i + 1:]], words) for w in alternatives]
            return next((f for f in found if f), None)
        if not WORD.fullmatch(tok):
            return None  # a placeholder (`…`, `<COMMAND>`), not a command word
        if tok not in commands:
            parent = " ".join(("apogee", *words))
            return (f"`{parent} {tok}`: no such command "
                    f"(`{parent} --help` lists {', '.join(sorted(commands))})")
        words = (*words, tok)
        status, commands, valued = help_of(binary, words)
        if status != 0:
            return f"`apogee {' '.join(words)} --help` exited {status}"
        if tok != tokens[i]:
            return None  # "apogee admin, grpcurl": punctuation ends the command
        i += 1
    return None


def code_texts(text):
    """Code blocks' lines (continuations joined) and inline code spans outside blocks."""
    for block in FENCE.findall(text):
        yield from block.replace("\\\n", " ").splitlines()
    yield from SPAN.findall(FENCE.sub("", text))


def check_commands(binary):
    problems, seen = [], 0
    for name in COMMAND_DOCS:
        for code in code_texts((ROOT / name).read_text()):
            for m in INVOCATION.finditer(code):
                seen += 1
                problem = check_command(binary, code[m.end():].split())
                if problem:
                    problems.append(f"{name}: {problem} in: {code.strip()}")
    return problems, seen


def markdown_files():
    """Tracked Markdown files; without git (a CI copy of the tree), every one outside build and
    dependency directories."""
    try:
        return subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        skip = {"target", "node_modules", "venv", ".venv"}
        return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.md")
                if not any(part in skip or part.startswith(".") for part in p.relative_to(ROOT).parts)]


def check_links():
    problems, seen = [], 0
    for name in sorted(set(markdown_files()) | set(COMMAND_DOCS)):
        path = ROOT / name
        if not path.exists():
            continue
        for m in LINK.finditer(FENCE.sub("", path.read_text())):
            target = (m.group(1) or m.group(2)).split("#")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor in the same file, or a URL
            seen += 1
            resolved = (path.parent / target).resolve()
            if resolved != ROOT and ROOT not in resolved.parents:
                problems.append(f"{name}: link to {target}, outside the repository")
            elif not resolved.exists():
                problems.append(f"{name}: link to {target}, which does not exist")
    return problems, seen


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    commands, n_commands = check_commands(binary)
    links, n_links = check_links()
    for p in commands + links:
        print(p, file=sys.stderr)
    print(f"check-docs: {n_commands} apogee commands in {', '.join(COMMAND_DOCS)}, {n_links} relative links; "
          f"{len(commands) + len(links)} problems")
    return 1 if commands or links else 0


if __name__ == "__main__":
    sys.exit(main())
