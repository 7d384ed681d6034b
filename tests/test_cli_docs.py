"""docs/cli.md lists exactly the flags ``aiinfra plan --help`` and ``aiinfra check --help`` show, and
the exit codes of the CLI contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiinfra.cli import exitcodes
from aiinfra.cli.main import build_parser

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def flags(command: str) -> set[str]:
    parser = build_parser([command])
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return {
        opt
        for action in sub._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }


def documented(command: str) -> set[str]:
    table = DOC.read_text().split("## Options", 1)[1].split("\n## ", 1)[0]
    out = set()
    for row in table.splitlines():
        cells = row.split("|")
        if len(cells) > 3 and command in cells[2]:
            out |= set(re.findall(r"`(--[a-z-]+)", cells[1]))
    return out


@pytest.mark.parametrize("command", ["plan", "check", "export"])
def test_options_table_matches_help(command: str) -> None:
    assert documented(command) == flags(command)


def test_help_shows_the_program_flags_and_exit_codes(capsys) -> None:
    for command in ("plan", "check"):
        with pytest.raises(SystemExit):
            build_parser([command]).parse_args([command, "--help"])
        text = capsys.readouterr().out
        for flag in (
            "--program PATH",
            "--stack-name NAME",
            "--config-value KEY=VALUE",
            "--invokes",
            "--require-coverage",
        ):
            assert flag in text
        assert "3 a --program failed to run offline" in " ".join(text.split())


def test_exit_codes_documented() -> None:
    table = DOC.read_text().split("## Exit codes", 1)[1]
    codes = {int(m) for m in re.findall(r"^\| (\d) \|", table, re.M)}
    assert codes == {exitcodes.OK, exitcodes.VIOLATIONS, exitcodes.INVALID_INPUT, exitcodes.PROGRAM_FAILED}
