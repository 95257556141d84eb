"""The ``practice-planner`` command: the GUI with no arguments, headless services otherwise.

Only parsing and calling services happen here. Heavy imports (Qt, SQLAlchemy) are deferred to the
command that needs them, so ``--version`` and ``--help`` answer at once.

Passphrases never come from an argument (it would show in the process list and shell history):
``--passphrase-file FILE``, then the ``PRACTICE_PLANNER_PASSPHRASE`` variable, then a prompt.

Exit codes: 0 success, 1 failure with a one-line reason on stderr, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from practice_planner import __version__

if TYPE_CHECKING:
    from practice_planner.storage.vault import Vault

PASSPHRASE_ENV = "PRACTICE_PLANNER_PASSPHRASE"
DEBUG_ENV = "PRACTICE_PLANNER_DEBUG"

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class CommandFailed(Exception):
    """A failure the command explains in one line (exit 1)."""


def read_passphrase_file(path: Path) -> str:
    """The passphrase in ``path``: its whole content as UTF-8, minus one final line ending.

    Editors and ``echo`` end a file with a newline, so one trailing ``\\n`` or ``\\r\\n`` is
    dropped, and a UTF-8 byte-order mark is ignored. Nothing else is stripped: spaces are part of
    the passphrase. A file with more than one line is refused, since no passphrase contains one.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandFailed(f"cannot read the passphrase file: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandFailed("the passphrase file is not UTF-8 text") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if "\n" in text or "\r" in text:
        raise CommandFailed("the passphrase file must hold the passphrase on a single line")
    if not text:
        raise CommandFailed("the passphrase file is empty")
    return text


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _prompt(label: str) -> str:
    """Ask at the terminal without echo; with no terminal, say how else to give it."""
    import getpass

    no_passphrase = CommandFailed(
        f"no passphrase given: use --passphrase-file or set {PASSPHRASE_ENV}"
    )
    if not _interactive():
        raise no_passphrase
    try:
        return getpass.getpass(f"{label}: ")
    except EOFError:
        raise no_passphrase from None


def current_passphrase(args: argparse.Namespace, label: str = "Passphrase") -> str:
    if getattr(args, "passphrase_file", None):
        return read_passphrase_file(Path(args.passphrase_file))
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    return _prompt(label)


def new_passphrase(file: str | None, *, env: bool) -> str:
    """A passphrase being chosen: from a file, the variable (init only), or asked twice."""
    if file:
        return read_passphrase_file(Path(file))
    if env and os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    first = _prompt("New passphrase")
    if _prompt("Repeat the new passphrase") != first:
        raise CommandFailed("the two passphrases differ; nothing was changed")
    return first


def vault_path(args: argparse.Namespace) -> Path:
    from practice_planner.storage.locations import default_vault_path

    chosen = getattr(args, "vault", None)
    return Path(chosen).expanduser() if chosen else default_vault_path()


def _open(
    args: argparse.Namespace, passphrase: str | None = None, *, inspect_only: bool = False
) -> Vault:
    from practice_planner.services.vault_access import open_vault

    return open_vault(
        vault_path(args), passphrase or current_passphrase(args), inspect_only=inspect_only
    )


# ---------------------------------------------------------------------------- commands
def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.vault_access import create_vault

    path = vault_path(args)
    if path.exists():
        raise CommandFailed("a vault already exists at the chosen location; nothing was changed")
    passphrase = new_passphrase(getattr(args, "passphrase_file", None), env=True)
    create_vault(path, passphrase).close()
    print(f"Created an encrypted vault at {path}", file=out)
    print("Keep the passphrase safe: it cannot be recovered if it is forgotten.", file=out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.errors import VaultDamaged
    from practice_planner.services.vault_access import check

    try:
        with _open(args, inspect_only=True) as vault:
            report = check(vault)
    except VaultDamaged:
        _offer_newest_backup(vault_path(args), out)
        raise
    if report.ok:
        print(report.summary, file=out)
        return EXIT_OK
    for problem in report.problems:
        print(problem, file=out)
    if not (report.pages_authentic and report.database_intact):
        _offer_newest_backup(vault_path(args), out)
    raise CommandFailed(report.summary)


def _offer_newest_backup(path: Path, out: TextIO) -> None:
    """For a damaged vault: name the newest verified backup and the command that restores it."""
    import shlex

    from practice_planner.services.backups import default_folder, newest_verified_backup

    backup = newest_verified_backup(default_folder(path))
    if backup is None:
        print(f"No verified backup was found in {default_folder(path)}.", file=out)
        return
    made = backup.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"The newest verified backup was made {made}: {backup.path}", file=out)
    command = ["practice-planner", "restore", "--vault", str(path), str(backup.path)]
    print(f"To restore it: {shlex.join(command)}", file=out)


def cmd_passwd(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.vault_access import change_passphrase

    current = current_passphrase(args)
    with _open(args, current) as vault:
        new = new_passphrase(args.new_passphrase_file, env=False)
        change_passphrase(vault, current, new)
    print("Passphrase changed. Backups made before now still open with the old one.", file=out)
    return EXIT_OK


def _existing_vault(args: argparse.Namespace) -> Path:
    path = vault_path(args)
    if not path.exists():
        raise CommandFailed(
            "there is no vault at the chosen location; create one first with: practice-planner init"
        )
    return path


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.demo import make_demo

    path = _existing_vault(args)
    with _open(args) as vault:
        summary = make_demo(vault, args.clients, args.seed, _progress_line("clients"))
    print(f"Added a fictional demo practice to {path}:", file=out)
    print(
        f"  {summary.clients:,} clients, {summary.plans:,} treatment plans, "
        f"{summary.goals:,} goals",
        file=out,
    )
    print(
        f"  {summary.encounters:,} sessions with {summary.notes:,} progress notes, "
        f"{summary.measures:,} questionnaires, {summary.milestones:,} milestones",
        file=out,
    )
    print(f"  {summary.rows:,} records in {summary.seconds:.1f} s", file=out)
    return EXIT_OK


def _progress_line(unit: str) -> Callable[[int, int], None] | None:
    """A "done of total" counter on stderr when a person is watching; nothing in scripts."""
    if sys.stderr is None or not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r  {done:,} of {total:,} {unit}", end=end, file=sys.stderr, flush=True)

    return report


CLIENT_STATUSES = ("active", "inactive", "discharged")
"""``ClientStatus`` values, spelled out so parsing imports nothing (a test keeps them equal)."""


def cmd_clients_list(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from practice_planner.domain.enums import ClientStatus
    from practice_planner.services.clients import list_clients

    statuses = [ClientStatus(args.status)] if args.status else []
    with _open(args) as vault:
        clients = list_clients(vault, statuses=statuses, include_archived=args.include_archived)
    if args.json:
        records = [
            {
                "record_number": c.record_number,
                "name": c.display_name,
                "legal_given_name": c.legal_given_name,
                "legal_family_name": c.legal_family_name,
                "preferred_name": c.preferred_name,
                "status": c.status.value,
                "intake_date": c.intake_date.isoformat() if c.intake_date else None,
                "discharge_date": c.discharge_date.isoformat() if c.discharge_date else None,
                "archived": c.archived_at is not None,
            }
            for c in clients
        ]
        json.dump(records, out, ensure_ascii=False, indent=1)
        print(file=out)
        return EXIT_OK
    if not clients:
        print("No clients match.", file=out)
        return EXIT_OK
    rows = [
        (
            c.record_number,
            c.display_name + (" (archived)" if c.archived_at is not None else ""),
            c.status.label,
            c.intake_date.isoformat() if c.intake_date else "",
        )
        for c in clients
    ]
    header = ("Record", "Name", "Status", "Intake")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.portability import export_json

    with _open(args) as vault:
        summary = export_json(vault, args.out, progress=_progress_line("records"))
    print(f"Exported {summary.rows:,} records to {summary.path}", file=out)
    print(
        "The file is NOT encrypted and includes psychotherapy notes: keep it as safe as the vault.",
        file=out,
    )
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give the date as YYYY-MM-DD") from None


def cmd_export_plan(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.reports.exports import export_treatment_plan
    from practice_planner.services.clients import find_by_record_number
    from practice_planner.services.plans import current_plan

    with _open(args) as vault:
        client = find_by_record_number(vault, args.client)
        plan = current_plan(vault, client.id)
        if plan is None:
            raise CommandFailed("this client has no treatment plan yet")
        path = export_treatment_plan(vault, plan.id, args.out)
    print(f"Wrote the treatment plan (version {plan.version}) to {path}", file=out)
    return EXIT_OK


def cmd_export_progress(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.reports.exports import export_progress_summary
    from practice_planner.services.clients import find_by_record_number

    narrative = ""
    if args.narrative_file:
        try:
            narrative = Path(args.narrative_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CommandFailed("cannot read the narrative file as UTF-8 text") from None
    with _open(args) as vault:
        client = find_by_record_number(vault, args.client)
        path = export_progress_summary(
            vault, client.id, args.out, args.date_from, args.date_to, narrative
        )
    print(f"Wrote the progress summary to {path}", file=out)
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.portability import import_json

    path = _existing_vault(args)
    with _open(args) as vault:
        summary = import_json(vault, args.file, progress=_progress_line("records"))
    print(f"Imported {summary.rows:,} records into {path}", file=out)
    return EXIT_OK


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.backups import back_up_now
    from practice_planner.services.settings import get_preferences

    _existing_vault(args)
    with _open(args) as vault:
        preferences = get_preferences(vault)
        folder = args.to or preferences.backup_folder or None
        made = back_up_now(vault, folder, preferences.backup_count)
    print(f"Backed up to {made.backup.path} ({_size(made.backup.size)}, verified)", file=out)
    if made.removed:
        print(
            f"Removed {len(made.removed)} older backup(s), keeping the newest "
            f"{preferences.backup_count}.",
            file=out,
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.backups import restore

    path = vault_path(args)
    passphrase = current_passphrase(args, "Passphrase of the backup")
    result = restore(path, Path(args.backup), passphrase)
    print(f"Restored {result.vault_path} from {result.restored_from}", file=out)
    if result.kept_aside is None:
        print("There was no vault file there before; nothing needed keeping.", file=out)
    elif result.kept_aside_verified:
        print(f"The vault as it was is kept as a verified backup: {result.kept_aside}", file=out)
    else:
        print(
            f"The vault as it was is kept, copied byte for byte, in {result.kept_aside}"
            " (it could not be opened with this passphrase; it opens with the one it had).",
            file=out,
        )
    print("Unlock the vault with the passphrase of the backup.", file=out)
    return EXIT_OK


def cmd_export_fhir(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.services.clients import find_by_record_number
    from practice_planner.services.fhir_export import export_fhir

    with _open(args) as vault:
        client = find_by_record_number(vault, args.client)
        summary = export_fhir(vault, client.id, args.out)
    print(f"Wrote an HL7 FHIR R4 bundle of {summary.total:,} resources to {summary.path}", file=out)
    print("The file is NOT encrypted; psychotherapy notes are not in it.", file=out)
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace, out: TextIO) -> int:
    from practice_planner.self_test import run_self_test

    return run_self_test(out)


def cmd_gui(args: argparse.Namespace, out: TextIO) -> int:
    if getattr(args, "demo", False):
        if getattr(args, "vault", None):
            raise _usage("--demo opens a throwaway vault of its own; leave out --vault")
        from practice_planner.ui.app import run_demo

        return run_demo(clients=args.demo_clients, seed=args.seed)
    from practice_planner.ui.app import run

    return run(vault_path(args))


class _UsageError(Exception):
    """Bad combination of options (exit 2), found after argparse was done."""


def _usage(reason: str) -> _UsageError:
    return _UsageError(reason)


# ---------------------------------------------------------------------------- parsing
def _client_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("give a whole number of clients from 1 to 100000")
    return value


def _vault_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # SUPPRESS on the subcommands keeps their absent option from erasing a top-level one.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--vault",
        metavar="PATH",
        default=default,
        help="vault file (default: $PRACTICE_PLANNER_VAULT or the per-user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="read the passphrase from FILE (one line; a final newline is ignored)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practice-planner",
        description="Offline, encrypted treatment planning. With no command, opens the window.",
        epilog=f"The passphrase comes from --passphrase-file, ${PASSPHRASE_ENV}, or a prompt.",
    )
    parser.add_argument("--version", action="version", version=f"practice-planner {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end in a temporary folder, then exit",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway vault filled with a fictional practice (passphrase in the title)",
    )
    parser.add_argument(
        "--demo-clients", type=_client_count, default=25, metavar="N", help=argparse.SUPPRESS
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help=argparse.SUPPRESS)
    _vault_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _vault_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    add("init", cmd_init, "create a new encrypted vault")
    add("check", cmd_check, "verify page HMACs, database integrity and the audit trail")
    backup = add("backup", cmd_backup, "write an encrypted, verified backup of the vault")
    backup.add_argument(
        "--to",
        metavar="DIR",
        help="folder for the backup (default: the one set in Preferences, else backups/ "
        "beside the vault)",
    )
    restore = add(
        "restore", cmd_restore, "replace the vault with a backup; the current vault is kept first"
    )
    restore.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file; give the passphrase the vault had when the backup was made",
    )
    passwd = add("passwd", cmd_passwd, "change the vault's passphrase")
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new passphrase from FILE (otherwise it is asked twice)",
    )
    demo = add("demo", cmd_demo, "fill a vault with a synthetic, clearly fictional demo practice")
    demo.add_argument(
        "--clients", type=_client_count, default=25, metavar="N", help="how many (default 25)"
    )
    demo.add_argument(
        "--seed", type=int, default=1, metavar="S", help="same seed, same practice (default 1)"
    )

    def group(name: str, help_text: str) -> argparse._SubParsersAction[argparse.ArgumentParser]:
        parent = commands.add_parser(name, help=help_text, description=help_text)
        _vault_options(parent, top=False)
        return parent.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)

    def leaf(
        parent: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        handler: Callable[..., int],
        help_text: str,
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text, description=help_text)
        _vault_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    clients = group("clients", "client records")
    listing = leaf(clients, "list", cmd_clients_list, "list clients (prints client data)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--status", choices=CLIENT_STATUSES, help="only clients with this status")
    listing.add_argument(
        "--include-archived", action="store_true", help="list archived clients too"
    )

    export = group("export", "write records to a file")
    export_json = leaf(
        export,
        "json",
        cmd_export_json,
        "the whole vault as JSON (unencrypted; includes psychotherapy notes)",
    )
    export_json.add_argument("--out", required=True, metavar="FILE", help="file to write")
    plan_pdf = leaf(export, "plan", cmd_export_plan, "the client's current treatment plan as PDF")
    plan_pdf.add_argument("--client", required=True, metavar="REF", help="record number")
    plan_pdf.add_argument("--out", required=True, metavar="FILE.pdf", help="file to write")
    progress_pdf = leaf(
        export, "progress", cmd_export_progress, "a progress summary for a date range as PDF"
    )
    progress_pdf.add_argument("--client", required=True, metavar="REF", help="record number")
    progress_pdf.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="DATE", help="first day (YYYY-MM-DD)"
    )
    progress_pdf.add_argument(
        "--to", dest="date_to", type=_iso_date, metavar="DATE", help="last day (default today)"
    )
    progress_pdf.add_argument(
        "--narrative-file", metavar="FILE", help="the clinician's narrative (UTF-8 text)"
    )
    progress_pdf.add_argument("--out", required=True, metavar="FILE.pdf", help="file to write")
    fhir = leaf(
        export, "fhir", cmd_export_fhir, "one client's record as an HL7 FHIR R4 bundle (JSON)"
    )
    fhir.add_argument("--client", required=True, metavar="REF", help="record number")
    fhir.add_argument("--out", required=True, metavar="FILE.json", help="file to write")

    import_ = group("import", "read records from a file")
    import_json = leaf(
        import_, "json", cmd_import_json, "load a JSON export into a new, empty vault"
    )
    import_json.add_argument("file", metavar="FILE", help="a file written by export json")

    add("gui", cmd_gui, "open the application window (the default)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = (
        cmd_self_test if args.self_test else getattr(args, "handler", cmd_gui)
    )
    try:
        return handler(args, out or sys.stdout)
    except CommandFailed as failure:
        return _fail(str(failure))
    except _UsageError as error:
        print(f"practice-planner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return _fail("interrupted; nothing more was changed")
    except Exception as error:
        from practice_planner.errors import PracticePlannerError

        if isinstance(error, PracticePlannerError):
            return _fail(str(error))
        if os.environ.get(DEBUG_ENV):
            raise
        # Database errors can quote the data they failed on: only the type is shown.
        return _fail(f"unexpected {type(error).__name__}; run again with {DEBUG_ENV}=1 for details")


def _fail(reason: str) -> int:
    print(f"practice-planner: {reason}", file=sys.stderr)
    return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
