"""The README is checked against the code: its configuration reference is the settings model's,
and its shell examples copy-paste as they are (real `invoicer` subcommands called where they
are installed, downloads kept under the git-ignored `var/`, no variable used before it is set)."""

from __future__ import annotations

import argparse
import itertools
import re
import shlex
from pathlib import Path

from app.cli import build_parser
from app.config import reference_table

README = Path(__file__).resolve().parents[1] / "README.md"
INVOICER_CALL = re.compile(r"(?<![\w/.-])((?:[\w.-]*/)*invoicer)[ \t]+([a-z][\w-]*)")
ACTIVATE = re.compile(r"^\s*(?:\.|source)\s+\.venv/bin/activate\b", re.MULTILINE)


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README.read_text(), re.DOTALL)


def shell_commands(block: str) -> list[str]:
    """The block's commands, continuation lines joined."""
    return [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def subcommands() -> set[str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("invoicer has no subcommands")


def test_readme_configuration_table_is_generated_from_the_settings() -> None:
    text = README.read_text()
    start = text.index("<!-- settings:start -->") + len("<!-- settings:start -->")
    end = text.index("<!-- settings:end -->")
    assert text[start:end].strip() == reference_table(), "run `invoicer settings` into the README"


def test_readme_calls_real_invoicer_subcommands_where_they_are_installed() -> None:
    known = subcommands()
    calls = []
    for block in shell_blocks():
        activated = ACTIVATE.search(block)
        for match in INVOICER_CALL.finditer(block):
            program, command = match.groups()
            calls.append(command)
            assert command in known, f"README calls `invoicer {command}`: no such subcommand"
            # `make run` installs into .venv without putting it on PATH.
            assert program == ".venv/bin/invoicer" or (
                activated is not None and activated.start() < match.start()
            ), f"`{match.group()}` in the README: call .venv/bin/invoicer or activate .venv first"
    assert {"run-due", "serve", "demo"} <= set(calls)  # the checks found the commands


def written_paths(block: str) -> list[str]:
    """Files a shell block writes: curl's `-o`/`--output` and `>`/`>>` redirections."""
    lexer = shlex.shlex(block.replace("\\\n", " "), posix=True, punctuation_chars="();<>|&\n")
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = [*lexer, ""]
    paths = []
    in_curl = False
    for token, following in itertools.pairwise(tokens):
        if token == "curl":
            in_curl = True
        elif set(token) <= set("();|&\n"):  # the command ends (a quoted newline does not)
            in_curl = False
        if (in_curl and token in ("-o", "--output")) or token in (">", ">>"):
            paths.append(following)
    return paths


def test_readme_examples_write_files_only_under_var() -> None:
    written = [path for block in shell_blocks() for path in written_paths(block)]
    assert "var/concept.pdf" in written  # the check finds the downloads
    for path in written:
        assert path == "/dev/null" or path.startswith("var/"), (
            f"the README writes {path}: keep files under var/ (git-ignored)"
        )


def test_readme_examples_set_each_variable_before_using_it() -> None:
    defined: set[str] = set()
    for block in shell_blocks():
        for command in shell_commands(block):
            code = re.sub(r"(^|\s)#.*", "", command)  # the comment
            defined |= set(re.findall(r"(?:^|[\s;(])([A-Z][A-Z0-9_]*)=", code))
            for name in re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", code):
                assert name in defined or name.startswith("INVOICER_"), (
                    f"the README uses ${name} before setting it: {command.strip()[:80]}"
                )
