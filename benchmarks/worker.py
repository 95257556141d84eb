"""Measure one vault size in a fresh process (so peak RSS is this size's alone).

``run.py`` starts ``python -m benchmarks.worker --vault PATH --runs N`` once per size and reads
one JSON object from its stdout. Everything runs on a working copy of the cached vault in a
temporary folder, so the cache is never written to (unlocks, notes and backups add rows).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.vaults import PASSPHRASE

BACKUP_KEEP = 2
"""Few backups kept during a run: a 20,000-client vault is hundreds of MB."""


@dataclass
class Figure:
    """Per-run milliseconds of one measurement, with its floor's where there is one."""

    runs: list[float] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        median = statistics.median(self.runs)
        floor = statistics.median(self.floor_runs) if self.floor_runs else None
        return {
            "ms": round(median, 2),
            "runs_ms": [round(r, 2) for r in self.runs],
            "floor_ms": None if floor is None else round(floor, 2),
            "ratio": None if not floor else round(median / floor, 1),
            "note": self.note,
        }


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return _ms(started)


@contextmanager
def kdf_timer(sink: list[float]) -> Iterator[None]:
    """Time every ``derive_key`` that ``Vault`` calls (wrapping the name it imported)."""
    from practice_planner.storage import vault as vault_module

    original = vault_module.derive_key

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink.append(_ms(started))

    vault_module.derive_key = wrapped  # type: ignore[assignment]
    try:
        yield
    finally:
        vault_module.derive_key = original  # type: ignore[assignment]


# ====================================================================== picking the subjects
@dataclass(frozen=True)
class Subjects:
    busiest_client: int
    busiest_sessions: int
    plan_id: int
    plan_goals: int
    search_word: str


def pick_subjects(conn: Any) -> Subjects:
    client, sessions = conn.execute(
        "SELECT client_id, count(*) FROM encounter GROUP BY client_id "
        "ORDER BY count(*) DESC, client_id LIMIT 1"
    ).fetchone()
    plan, goals = conn.execute(
        "SELECT p.plan_id, count(*) FROM goal g JOIN problem p ON p.id = g.problem_id "
        "GROUP BY p.plan_id ORDER BY count(*) DESC, p.plan_id LIMIT 1"
    ).fetchone()
    (family,) = conn.execute(
        "SELECT legal_family_name FROM client WHERE id = ?", (client,)
    ).fetchone()
    return Subjects(client, sessions, plan, goals, family[:3].lower())


# ====================================================================== floors (bare SQL)
LIST_ORDER = "ORDER BY legal_family_name COLLATE NOCASE, legal_given_name COLLATE NOCASE, id"
ROW_COLUMNS = (
    "id, record_number, legal_given_name, legal_family_name, preferred_name, "
    "date_of_birth, status, archived_at"
)
SEARCH_WHERE = "archived_at IS NULL AND search_key LIKE :p ESCAPE '\\'"
"""The filter ``services.clients.client_query`` writes for one word (folded, as it folds it)."""


def list_floor(conn: Any, where: str, params: dict[str, str], page: int) -> int:
    """The ordered ids, then the first page's columns: what the list shows, in bare SQL."""
    ids = [r[0] for r in conn.execute(f"SELECT id FROM client WHERE {where} {LIST_ORDER}", params)]
    first = ids[:page]
    marks = ",".join("?" * len(first))
    conn.execute(f"SELECT {ROW_COLUMNS} FROM client WHERE id IN ({marks})", first).fetchall()
    return len(ids)


def chart_floor(conn: Any, client_id: int) -> None:
    conn.execute("SELECT * FROM client WHERE id = ?", (client_id,)).fetchall()
    conn.execute("SELECT * FROM diagnosis WHERE client_id = ?", (client_id,)).fetchall()


def note_floor(conn: Any, note_id: int) -> None:
    """Rewrite the same note row in one committed transaction."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE progress_note SET homework = homework WHERE id = ?", (note_id,))
    conn.execute("COMMIT")


def plaintext_copy(conn: Any, target: Path) -> None:
    """An unencrypted copy of the vault (once), for the plain-SQLite backup floor."""
    conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')").fetchall()
    conn.execute("DETACH DATABASE plain")


def sqlite_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# ====================================================================== the measurements
def measure(cached: Path, runs: int, work: Path) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from practice_planner.domain.enums import NoteFormat
    from practice_planner.domain.search import fold
    from practice_planner.reports.exports import export_progress_summary, export_treatment_plan
    from practice_planner.services import backups, sessions
    from practice_planner.storage.connection import open_keyed
    from practice_planner.storage.vault import Vault
    from practice_planner.ui.client_list_model import PAGE
    from practice_planner.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = work / "vault" / cached.name
    path.parent.mkdir()
    shutil.copyfile(cached, path)
    figures: dict[str, Figure] = {}

    # ---------------------------------------------------------------- unlock
    kdf, total = Figure(), Figure()
    rest = Figure(note="Vault.open minus derive_key: open, schema check, engine, audit event")
    vault: Vault | None = None
    for _ in range(runs):
        if vault is not None:
            vault.close()
        sink: list[float] = []
        with kdf_timer(sink):
            started = time.perf_counter()
            vault = Vault.open(path, PASSPHRASE)
            elapsed = _ms(started)
        total.runs.append(elapsed)
        kdf.runs.append(sum(sink))
        rest.runs.append(elapsed - sum(sink))
    assert vault is not None
    key = vault._require_key()
    for _ in range(runs):
        started = time.perf_counter()
        open_keyed(path, key).close()
        rest.floor_runs.append(_ms(started))
    figures.update(unlock_total=total, unlock_kdf=kdf, unlock_rest=rest)

    with vault.raw_connection() as conn:
        subjects = pick_subjects(conn)
        clients = conn.execute("SELECT count(*) FROM client").fetchone()[0]
        encounters = conn.execute("SELECT count(*) FROM encounter").fetchone()[0]

    # ---------------------------------------------------------------- the window
    settings_file = work / "window.ini"
    shown = Figure(note="MainWindow(...) constructed, shown, events processed, first page painted")
    keystroke = Figure()
    chart = Figure(note=f"client with the most sessions ({subjects.busiest_sessions})")
    listed = 0
    for _ in range(runs):
        started = time.perf_counter()
        window = MainWindow(
            path, vault=vault, settings=QSettings(str(settings_file), QSettings.Format.IniFormat)
        )
        window.show()
        model = window.client_list.model
        deadline = started + 30
        while (model.rowCount() == 0 or model.cached_pages == 0) and time.perf_counter() < deadline:
            app.processEvents()
        shown.runs.append(_ms(started))
        listed = model.rowCount()
        # The dashboard's lists are read in the background once the window is shown; let them
        # finish (and their results arrive) so they do not share the CPU with the keystroke.
        window.chart.wait_for_reads()
        app.processEvents()

        panel = window.client_list
        word = subjects.search_word
        panel.search.setText(word[:-1])
        panel.apply_filter()
        app.processEvents()
        started = time.perf_counter()
        panel.search.setText(word)
        panel.apply_filter()
        app.processEvents()  # paints the view, which fetches the first page of rows
        keystroke.runs.append(_ms(started))
        matched = model.rowCount()
        keystroke.note = f"'{word[:-1]}' -> '{word}': {matched} of {listed} listed clients"

        chart.runs.append(timed(lambda w=window: w.chart.show_client(subjects.busiest_client)))
        window.chart.wait_for_reads()
        window.hide()
        window.deleteLater()
        # processEvents() alone leaves deferred deletes queued outside an event loop: deliver
        # them, so every run starts without the previous windows (time and RSS do not pile up).
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        del window, model, panel
        # A deleted window's Python wrappers are held in reference cycles (~900 objects); only
        # a full collection frees them, and it takes ~60 ms. Left to chance it lands inside a
        # later run's timing, which a user opening one window never pays: collect it here.
        gc.collect()
    pattern = {"p": f"%{fold(subjects.search_word)}%"}
    with vault.raw_connection() as conn:
        for _ in range(runs):
            shown.floor_runs.append(
                timed(lambda: list_floor(conn, "archived_at IS NULL", {}, PAGE))
            )
            keystroke.floor_runs.append(
                timed(lambda: list_floor(conn, SEARCH_WHERE, pattern, PAGE))
            )
            chart.floor_runs.append(timed(lambda: chart_floor(conn, subjects.busiest_client)))
    figures.update(list_shown=shown, keystroke=keystroke, chart=chart)

    # ---------------------------------------------------------------- a note
    encounter = sessions.create_encounter(
        vault, subjects.busiest_client, sessions.EncounterInput(session_date=date.today())
    )
    note = Figure(note="save_note_draft on a new encounter (first save, then edits)")
    note_id = 0
    for i in range(runs):
        data = sessions.NoteInput(
            format=NoteFormat.SOAP,
            sections={"subjective": f"Benchmark note {i}"},
            homework=f"Benchmark homework {i}",
        )
        started = time.perf_counter()
        saved = sessions.save_note_draft(vault, encounter.id, data)
        note.runs.append(_ms(started))
        note_id = saved.id
    with vault.raw_connection() as conn:
        for _ in range(runs):
            note.floor_runs.append(timed(lambda: note_floor(conn, note_id)))
    figures["note_save"] = note

    # ---------------------------------------------------------------- exports
    out = work / "exports"
    out.mkdir()
    plan_pdf = Figure(note=f"plan {subjects.plan_id} with {subjects.plan_goals} goals")
    summary = Figure(note=f"client {subjects.busiest_client}, last two years")
    today = date.today()
    for i in range(runs):
        plan_pdf.runs.append(
            timed(lambda i=i: export_treatment_plan(vault, subjects.plan_id, out / f"plan{i}.pdf"))
        )
        summary.runs.append(
            timed(
                lambda i=i: export_progress_summary(
                    vault,
                    subjects.busiest_client,
                    out / f"summary{i}.pdf",
                    today - timedelta(days=730),
                    today,
                )
            )
        )
    figures.update(plan_pdf=plan_pdf, progress_summary=summary)

    # ---------------------------------------------------------------- backup
    folder = work / "backups"
    backup = Figure(note="back_up_now; floor: stdlib sqlite3 backup of a plaintext copy")
    for _ in range(runs):
        backup.runs.append(timed(lambda: backups.back_up_now(vault, folder, keep=BACKUP_KEEP)))
    plain = work / "plain.db"
    with vault.raw_connection() as conn:
        plaintext_copy(conn, plain)
    copy = Figure(note="shutil.copyfile of the vault file (bytes only)")
    for _ in range(runs):
        backup.floor_runs.append(timed(lambda: sqlite_backup(plain, work / "plain-backup.db")))
        copy.runs.append(timed(lambda: shutil.copyfile(path, work / "copy.db")))
    figures.update(backup=backup, file_copy=copy)
    vault.close()

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "clients": clients,
        "encounters": encounters,
        "vault_mb": round(cached.stat().st_size / 2**20, 1),
        "listed": listed,
        "figures": {name: figure.as_json() for name, figure in figures.items()},
        "peak_rss_mb": round(rss_mb, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pp-bench-") as folder:
        result = measure(args.vault, args.runs, Path(folder))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
