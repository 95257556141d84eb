"""A fictional client with a plan of two goals, and helpers to drive the Sessions tab.

Shared by the Sessions tab tests and the child process of the crash test, so both see the same
practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from practice_planner.domain.enums import Direction, GoalCategory, SessionType
from practice_planner.services import clients, plans, sessions
from practice_planner.services.plans import GoalInput, PlanHeaderInput, ProblemInput
from practice_planner.services.practice import ProfileInput, update_profile
from practice_planner.services.sessions import EncounterInput
from practice_planner.storage.vault import Vault
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.sessions_tab import SessionsTab
from tests.conftest import FAST_KDF, PASSPHRASE

CLINICIAN = "Dr. Ada Example"
SIGNATURE = f"{CLINICIAN}, PsyD"
RECORD = "C-00001"
PANIC_LEVELS = (
    "Five or more panic attacks a week",
    "Three or four attacks a week",
    "Two attacks a week",
    "One attack a week",
    "No attacks for a week",
)
SLEEP_LEVELS = (
    "Sleeps under four hours most nights",
    "Four to five hours most nights",
    "Six hours on most nights",
    "Seven hours on most nights",
    "Seven hours every night for a month",
)
LAST_SESSION = EncounterInput(
    session_date=date(2026, 3, 3),
    start_time=time(16, 30),
    duration_minutes=53,
    session_type=SessionType.INDIVIDUAL,
    cpt_code="90834",
)


@dataclass(frozen=True)
class Practice:
    client_id: int
    panic_goal: int
    sleep_goal: int
    encounter_id: int


def add_practice(path: Path) -> Practice:
    """Profile, a plan with a measured and an unmeasured goal, and one earlier session."""
    with Vault.open(path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        update_profile(
            vault,
            ProfileInput(
                practice_name="Fictional Counselling Rooms",
                clinician_name=CLINICIAN,
                credentials="PsyD",
            ),
        )
        client = clients.find_by_record_number(vault, RECORD)
        plan = plans.create_plan(vault, client.id, PlanHeaderInput(date(2026, 1, 5)))
        problem = plans.add_problem(
            vault, plan.id, ProblemInput("Panic attacks interfere with work")
        )
        panic = plans.add_goal(
            vault,
            problem.id,
            GoalInput(
                statement="Fewer panic attacks",
                category=GoalCategory.SYMPTOM,
                client_words="Get through a work week without an attack",
                measure_name="Panic attacks",
                measure_unit="per week",
                baseline="5",
                target="1",
                direction=Direction.DECREASE,
                gas_much_less=PANIC_LEVELS[0],
                gas_less=PANIC_LEVELS[1],
                gas_expected=PANIC_LEVELS[2],
                gas_more=PANIC_LEVELS[3],
                gas_much_more=PANIC_LEVELS[4],
            ),
        )
        sleep = plans.add_goal(
            vault,
            problem.id,
            GoalInput(
                statement="Sleep through the night",
                category=GoalCategory.SYMPTOM,
                gas_much_less=SLEEP_LEVELS[0],
                gas_less=SLEEP_LEVELS[1],
                gas_expected=SLEEP_LEVELS[2],
                gas_more=SLEEP_LEVELS[3],
                gas_much_more=SLEEP_LEVELS[4],
            ),
        )
        encounter = sessions.create_encounter(vault, client.id, LAST_SESSION)
        return Practice(client.id, panic.id, sleep.id, encounter.id)


def open_sessions(window: MainWindow, client_id: int) -> SessionsTab:
    """The client's chart on the Sessions tab, as a click in the list would show it."""
    assert window.chart.show_client(client_id)
    window.client_list.select_client(client_id)
    tab = window.chart.sessions
    window.chart.tabs.setCurrentWidget(tab)
    return tab


def text_field(tab: SessionsTab, name: str) -> QPlainTextEdit:
    widget = tab.editor.fields.widget(name)
    assert isinstance(widget, QPlainTextEdit), name
    return widget


def goal_field(tab: SessionsTab, name: str) -> QLineEdit | QComboBox:
    widget = tab.editor.goals.fields.widget(name)
    assert isinstance(widget, QLineEdit | QComboBox), name
    return widget


def choose(combo: QLineEdit | QComboBox, value: str) -> None:
    """Pick an item the way a click does (``activated`` is what marks a user's change)."""
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
