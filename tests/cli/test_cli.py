"""The command line: init, check, passwd, --version, passphrase sources and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from practice_planner import __version__
from practice_planner.cli import main, read_passphrase_file
from practice_planner.storage.vault import Vault
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "granite lantern seventy wisp"


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def test_version_and_help_do_not_load_qt_or_the_database_layer() -> None:
    probe = (
        "import sys\n"
        "from practice_planner.cli import main\n"
        "for argv in (['--version'], ['--help'], ['check', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert f"practice-planner {__version__}" in result.stdout
    assert "HEAVY []" in result.stdout


def test_python_dash_m_reports_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "practice_planner", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"practice-planner {__version__}"


def test_init_then_check(
    vault_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("init", "--vault", vault_path, "--passphrase-file", pass_file) == 0
    assert "cannot be recovered" in capsys.readouterr().out
    assert run("check", "--vault", vault_path, "--passphrase-file", pass_file) == 0
    assert "Vault OK" in capsys.readouterr().out


def test_options_may_come_before_the_command(
    vault_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--vault", vault_path, "--passphrase-file", pass_file, "init") == 0
    assert vault_path.exists()


def test_init_refuses_a_weak_passphrase_and_creates_nothing(
    vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("password1\n")
    assert run("init", "--vault", vault_path, "--passphrase-file", weak) == 1
    (line,) = stderr_lines(capsys)
    assert "Too short" in line and "12 characters" in line
    assert not vault_path.exists()
    weak.write_text("password12345678\n")
    assert run("init", "--vault", vault_path, "--passphrase-file", weak) == 1
    assert "Too easy to guess" in stderr_lines(capsys)[0]


def test_init_never_overwrites(
    vault_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("init", "--vault", vault_path, "--passphrase-file", pass_file) == 0
    before = vault_path.read_bytes()
    assert run("init", "--vault", vault_path, "--passphrase-file", pass_file) == 1
    assert "already exists" in stderr_lines(capsys)[-1]
    assert vault_path.read_bytes() == before


def test_wrong_passphrase_is_one_line_and_exit_1(
    vault_path: Path, pass_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", "--vault", vault_path, "--passphrase-file", pass_file)
    capsys.readouterr()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the right passphrase\n")
    assert run("check", "--vault", vault_path, "--passphrase-file", wrong) == 1
    assert stderr_lines(capsys) == ["practice-planner: That passphrase does not open this vault."]


def test_check_fails_with_one_line_when_history_was_edited(
    vault_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", "--vault", vault_path, "--passphrase-file", pass_file)
    with Vault.open(vault_path, PASSPHRASE) as vault, vault.raw_connection() as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE seq = 1")
    capsys.readouterr()
    assert run("check", "--vault", vault_path, "--passphrase-file", pass_file) == 1
    assert stderr_lines(capsys) == [
        "practice-planner: audit trail: event 1 was altered after it was written"
    ]


def test_check_reports_a_missing_vault(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("check", "--vault", tmp_path / "none.db", "--passphrase-file", pass_file) == 1
    assert "no vault" in stderr_lines(capsys)[0]


def test_passwd_from_files(
    vault_path: Path, pass_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", "--vault", vault_path, "--passphrase-file", pass_file)
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE)
    assert (
        run(
            "passwd",
            "--vault",
            vault_path,
            "--passphrase-file",
            pass_file,
            "--new-passphrase-file",
            new_file,
        )
        == 0
    )
    assert run("check", "--vault", vault_path, "--passphrase-file", pass_file) == 1
    assert run("check", "--vault", vault_path, "--passphrase-file", new_file) == 0
    conn = sqlcipher3.connect(str(vault_path))  # still a standard vault, under the new passphrase
    conn.execute(f"PRAGMA key = '{NEW_PASSPHRASE}'")
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_event ORDER BY seq")]
    conn.close()
    assert "vault.passphrase_changed" in actions


def test_passwd_refuses_weak_and_unchanged(
    vault_path: Path, pass_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", "--vault", vault_path, "--passphrase-file", pass_file)
    weak = tmp_path / "weak.txt"
    weak.write_text("short")
    capsys.readouterr()
    assert (
        run(
            "passwd",
            "--vault",
            vault_path,
            "--passphrase-file",
            pass_file,
            "--new-passphrase-file",
            weak,
        )
        == 1
    )
    assert "Too short" in stderr_lines(capsys)[0]
    assert (
        run(
            "passwd",
            "--vault",
            vault_path,
            "--passphrase-file",
            pass_file,
            "--new-passphrase-file",
            pass_file,
        )
        == 1
    )
    assert "same as the current" in stderr_lines(capsys)[0]
    assert run("check", "--vault", vault_path, "--passphrase-file", pass_file) == 0


def test_passwd_asks_twice_and_refuses_a_mismatch(
    vault_path: Path,
    pass_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run("init", "--vault", vault_path, "--passphrase-file", pass_file)
    answers = iter([NEW_PASSPHRASE, NEW_PASSPHRASE + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("practice_planner.cli._interactive", lambda: True)
    capsys.readouterr()
    assert run("passwd", "--vault", vault_path, "--passphrase-file", pass_file) == 1
    assert "differ" in stderr_lines(capsys)[0]
    answers = iter([NEW_PASSPHRASE, NEW_PASSPHRASE])
    assert run("passwd", "--vault", vault_path, "--passphrase-file", pass_file) == 0


def test_passphrase_from_the_environment(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRACTICE_PLANNER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PRACTICE_PLANNER_VAULT", str(vault_path))
    assert run("init") == 0
    assert run("check") == 0


def test_no_passphrase_and_no_terminal_says_what_to_do(vault_path: Path, pass_file: Path) -> None:
    assert run("init", "--vault", vault_path, "--passphrase-file", pass_file) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_PLANNER_")}
    result = subprocess.run(
        [sys.executable, "-m", "practice_planner", "check", "--vault", str(vault_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "practice-planner: no passphrase given: use --passphrase-file or set "
        "PRACTICE_PLANNER_PASSPHRASE"
    )


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run("no-such-command")
    assert exited.value.code == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"one two three four\n", "one two three four"),
        (b"one two three four\r\n", "one two three four"),
        (b"one two three four", "one two three four"),
        (b"\xef\xbb\xbfone two three four\n", "one two three four"),
        (b"  spaced passphrase  \n", "  spaced passphrase  "),
        ("καλημέρα κόσμε 🦊\n".encode(), "καλημέρα κόσμε 🦊"),
    ],
)
def test_passphrase_file_rule(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "p"
    path.write_bytes(content)
    assert read_passphrase_file(path) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"first\nsecond\n", "single line"), (b"\n", "empty"), (b"\xff\xfe", "UTF-8")],
)
def test_passphrase_file_refusals(
    tmp_path: Path,
    content: bytes,
    message: str,
    vault_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "p"
    path.write_bytes(content)
    assert run("init", "--vault", vault_path, "--passphrase-file", path) == 1
    assert message in stderr_lines(capsys)[0]
    assert not vault_path.exists()


def test_demo_with_a_vault_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--demo", "--vault", tmp_path / "mine.db") == 2
    assert "throwaway vault" in capsys.readouterr().err
    assert not (tmp_path / "mine.db").exists()
