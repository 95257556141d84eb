"""Render the welcome, unlock and main windows, the plan, sessions, measures and progress tabs
and the practice dashboard (with the fictional demo practice) to PNG files.

    python scripts/screenshots.py                 # writes docs/screenshots/*.png
    python scripts/screenshots.py --out /tmp/shots --dark

Runs headless (Qt's offscreen platform), in a temporary folder: no real vault, no window
settings of yours are read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, SignalInstance
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from practice_planner.services.vault_access import create_vault
from practice_planner.ui.app import create_application
from practice_planner.ui.main_window import MainWindow

SIZE = (1200, 760)
SESSIONS_SIZE = (1440, 900)
"""Wide enough for the session list to sit beside the note."""
TALL = (1200, 1000)
PASSPHRASE = "violet kettle orbit mountain"
FAST_KDF = 2  # the pictures do not depend on the key-derivation cost


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def wait_for(signal: SignalInstance, app: QApplication, seconds: float = 30.0) -> None:
    """Process events until ``signal`` fires (work read off the GUI thread has been drawn)."""
    fired: list[bool] = []
    signal.connect(lambda *_: fired.append(True))
    deadline = time.monotonic() + seconds
    while not fired:
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the window to load")
        app.processEvents()
        time.sleep(0.01)


def showcase_client(vault_path: Path) -> int:
    """The demo client whose record shows the most: PHQ-9s, measured goals, GAS and wins."""
    from practice_planner.services import clients, report_data
    from practice_planner.services.progress import gas_series, goal_tracks, plan_in_effect
    from practice_planner.storage.vault import Vault

    vault = Vault.open(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF)
    try:
        best, best_score = 0, -1
        for client_id in clients.client_ids(vault):
            data = report_data.load_progress_summary(vault, client_id)
            if not data.phq9:
                continue
            plan = plan_in_effect(data.plans, data.phq9[-1].administered_on)
            start = min(p.administered_on for p in data.phq9)
            tracks, _ = goal_tracks(data, plan, start, data.phq9[-1].administered_on)
            flagged = any(p.item9_flag for p in data.phq9)
            score = (
                min(len(data.phq9), 12)
                + 3 * min(len(data.milestones), 3)
                + (4 if gas_series(tracks) else 0)
                + (3 if flagged else 0)
                + (2 if data.gad7 else 0)
            )
            if score > best_score:
                best, best_score = client_id, score
        return best
    finally:
        vault.close()


def save(window: QWidget, app: QApplication, path: Path) -> None:
    settle(app)
    vault_label = window.findChild(QLabel, "vault_path_label")
    if vault_label is not None:  # the temporary folder's name says nothing worth a picture
        vault_label.setText("Vault: practice.db (fictional demo)")
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def dark_palette() -> QPalette:
    """A plain dark palette, to check that every label stays legible on it."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2e"),
        (roles.WindowText, "#e8e8ea"),
        (roles.Base, "#1f1f22"),
        (roles.AlternateBase, "#28282c"),
        (roles.Text, "#e8e8ea"),
        (roles.Button, "#36363a"),
        (roles.ButtonText, "#e8e8ea"),
        (roles.Highlight, "#3d6fb6"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#36363a"),
        (roles.ToolTipText, "#e8e8ea"),
        (roles.PlaceholderText, "#9a9aa0"),
        (roles.Link, "#8ab4f8"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#77777c"))
    return palette


def fill(vault_path: Path) -> None:
    """The demo practice if that service exists, else a few clients through the services."""
    vault = create_vault(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF)
    try:
        try:
            from practice_planner.services.demo import make_demo
        except ImportError:
            _few_clients(vault)
        else:
            make_demo(vault, clients=60, seed=4)
    finally:
        vault.close()


def _few_clients(vault: object) -> None:
    from datetime import date

    from practice_planner.services.clients import ClientInput, create_client

    for number, (given, family, preferred) in enumerate(
        [("Alexandra", "Fictional", "Alex"), ("Jonas", "Example", ""), ("Mira", "Sample", "")],
        start=1,
    ):
        create_client(
            vault,  # type: ignore[arg-type]
            ClientInput(
                record_number=f"C-{number:05d}",
                legal_given_name=given,
                legal_family_name=family,
                preferred_name=preferred,
                date_of_birth=date(1980 + number * 3, number, 10 + number),
                intake_date=date(2025, number, 1),
            ),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--dark", action="store_true", help="also render a dark-palette set")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory(prefix="pp-screens-") as folder:
        tmp = Path(folder)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
        vault_path = tmp / "practice.db"
        fill(vault_path)
        client_id = showcase_client(vault_path)
        variants = [("", app.palette())]
        if args.dark:
            variants.append(("-dark", dark_palette()))
        for suffix, palette in variants:
            app.setPalette(palette)
            render(app, tmp, vault_path, args.out, suffix, client_id)
    return 0


def render(
    app: QApplication, tmp: Path, vault_path: Path, out: Path, suffix: str, client_id: int
) -> None:
    settings = QSettings(str(tmp / f"window{suffix}.ini"), QSettings.Format.IniFormat)

    welcome = MainWindow(tmp / "new" / "practice.db", kdf_iterations=FAST_KDF, settings=settings)
    welcome.resize(*SIZE)
    welcome.show()
    welcome.welcome_page.new_passphrase.setText("autumn heron granite")
    welcome.welcome_page.repeat_passphrase.setText("autumn heron granite")
    save(welcome, app, out / f"welcome{suffix}.png")
    welcome.close()

    window = MainWindow(vault_path, kdf_iterations=FAST_KDF, settings=settings)
    window.resize(*SIZE)
    window.show()
    save(window, app, out / f"unlock{suffix}.png")

    window.resize(*TALL)
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    wait_for(window.chart.dashboard.loaded, app)
    save(window, app, out / f"dashboard{suffix}.png")
    window.resize(*SIZE)

    table = window.client_list.table
    table.selectRow(2)
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    save(window, app, out / f"main-window{suffix}.png")

    window.resize(*TALL)
    window.chart.show_client(client_id)
    window.client_list.select_client(client_id)
    chart = window.chart
    chart.tabs.setCurrentWidget(chart.progress)
    wait_for(chart.progress.loaded, app)
    save(window, app, out / f"progress{suffix}.png")
    goals = chart.progress.findChild(QWidget, "progress_page")
    first_goal = next(
        (p for key, p in chart.progress.panels.items() if key.startswith("goal_")), None
    )
    if goals is not None and first_goal is not None:
        chart.progress.scroll_to(first_goal)
        save(window, app, out / f"progress-goals{suffix}.png")

    chart.tabs.setCurrentWidget(chart.measures)
    form = chart.measures.current_form
    for item, answer in enumerate((2, 2, 1, 2, 1, 1, 2, 0, 1), start=1):
        form.choose(item, answer)
    save(window, app, out / f"measures{suffix}.png")
    form.clear()

    render_plan(app, window, out, suffix)
    show_signed_note(window, app)
    save(window, app, out / f"sessions{suffix}.png")
    window.close()


def render_plan(app: QApplication, window: MainWindow, out: Path, suffix: str) -> None:
    """The Treatment plan tab on a signed demo plan, then a new goal with its SMART findings."""
    from practice_planner.ui import messages

    window.resize(1440, 900)
    window.client_list.table.selectRow(1)
    settle(app)
    tab = window.chart.plan_tab
    window.chart.tabs.setCurrentWidget(tab)
    if tab.edit is None or not tab.edit.problems:
        return
    tab.select(tab.edit.problems[0].goals[0].key)
    save(window, app, out / f"plan-tab{suffix}.png")
    asked = messages.confirm
    messages.confirm = lambda *args: True  # type: ignore[assignment]
    try:
        tab.revise()
    finally:
        messages.confirm = asked  # type: ignore[assignment]
    tab.select(tab.edit.problems[0].key)
    tab.add_goal()
    tab.goal_editor.statement.setPlainText("Help the client feel happier and less stressed")
    tab.goal_editor.client_words.setPlainText("I just want to be happier again")
    tab.goal_editor.refresh_smart()
    save(window, app, out / f"goal-editor-smart{suffix}.png")
    tab.discard()


def show_signed_note(window: MainWindow, app: QApplication) -> None:
    """The Sessions tab on the newest signed note that has goals addressed and an addendum."""
    from sqlalchemy import select

    from practice_planner.storage.models import Addendum, Encounter, GoalProgress, ProgressNote

    vault = window.vault
    assert vault is not None
    with vault.reading() as session:
        found = session.execute(
            select(Encounter.client_id, Encounter.id)
            .join(ProgressNote, ProgressNote.encounter_id == Encounter.id)
            .where(
                ProgressNote.id.in_(select(Addendum.note_id)),
                ProgressNote.id.in_(select(GoalProgress.note_id)),
            )
            .order_by(Encounter.session_date.desc())
            .limit(1)
        ).one()
    client_id, encounter_id = found
    window.resize(*SESSIONS_SIZE)
    window.splitter.setSizes([300, SESSIONS_SIZE[0] - 300])
    window.client_list.select_client(client_id)
    window.chart.show_client(client_id)
    tab = window.chart.sessions
    window.chart.tabs.setCurrentWidget(tab)
    settle(app)
    row = tab.model.row_of(encounter_id)
    assert row is not None
    tab.table.selectRow(row)
    tab.table.setFocus(Qt.FocusReason.OtherFocusReason)
    settle(app)
    goals = tab.editor.findChild(QWidget, "section_goals_addressed")
    assert goals is not None
    tab.note_scroll.verticalScrollBar().setValue(goals.y())


if __name__ == "__main__":
    sys.exit(main())
