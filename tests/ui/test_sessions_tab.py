"""The Sessions tab in the real window on a real vault: notes, goals, signing, addenda, drafts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from practice_planner.domain.enums import NoteFormat, ProgressRating, RiskLevel
from practice_planner.errors import ValidationError
from practice_planner.services import drafts, milestones, sessions, settings
from practice_planner.services.sessions import EncounterInput, GoalProgressInput, NoteInput
from practice_planner.ui import messages, sign_note_dialog
from practice_planner.ui.main_window import KEPT_NOTICE, MainWindow
from practice_planner.ui.milestone_dialog import MilestoneDialog
from practice_planner.ui.note_editor import SAFETY_REQUIRED
from practice_planner.ui.session_list_model import FLAGGED_ROLE
from practice_planner.ui.sessions_tab import SessionsTab, draft_name
from practice_planner.ui.sign_note_dialog import SignNoteDialog
from tests.ui.conftest import MakeWindow, button, click, label, unlock
from tests.ui.sessions_setup import (
    CLINICIAN,
    LAST_SESSION,
    PANIC_LEVELS,
    SIGNATURE,
    Practice,
    add_practice,
    choose,
    goal_field,
    open_sessions,
    text_field,
)

SUBJECTIVE = "Reports two panic attacks this week, both on the train."


@pytest.fixture
def practice(people_vault: Path) -> Practice:
    return add_practice(people_vault)


@pytest.fixture
def window(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path, practice: Practice
) -> MainWindow:
    opened = make_window(people_vault)
    unlock(qtbot, opened)
    assert opened.current_page == "workspace"
    return opened


@pytest.fixture
def signer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer the signing question with the suggested name; record each suggestion."""
    asked: list[str] = []

    def answer(parent: object, suggested: str) -> str:
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(sign_note_dialog, "ask_signature", answer)
    return asked


def vault_of(window: MainWindow) -> sessions.Vault:
    assert window.vault is not None
    return window.vault


def type_text(qtbot: QtBot, widget: QPlainTextEdit | QLineEdit, text: str) -> None:
    qtbot.keyClicks(widget, text)


def all_texts(window: MainWindow) -> list[str]:
    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    return texts


# ------------------------------------------------------------------------------ the whole story
def test_soap_note_with_two_goals_signed_locked_and_corrected_by_addendum(
    qtbot: QtBot, window: MainWindow, practice: Practice, signer: list[str]
) -> None:
    tab = open_sessions(window, practice.client_id)
    window.chart.tabs.setCurrentIndex(0)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.chart.tabs.currentWidget() is tab  # Ctrl+Shift+N works from every tab
    assert tab.mode == "new"
    values = tab.editor.values()
    assert values["session_date"] == date.today().isoformat()
    assert (values["start_time"], values["duration_minutes"], values["cpt_code"]) == (
        "16:30",
        "53",
        "",
    )
    assert values["format"] == "soap"
    assert tab.editor.goals.goal_ids() == [practice.panic_goal, practice.sleep_goal]

    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    type_text(qtbot, text_field(tab, "sections.objective"), "Calm, good eye contact.")
    type_text(qtbot, text_field(tab, "sections.assessment"), "Improving with exposure.")
    type_text(qtbot, text_field(tab, "sections.plan"), "Continue interoceptive exposure.")
    type_text(qtbot, text_field(tab, "homework"), "Breathing practice twice a day.")
    panic, sleep = practice.panic_goal, practice.sleep_goal
    choose(goal_field(tab, f"goal_progress[{panic}].rating"), "improving")
    choose(goal_field(tab, f"goal_progress[{panic}].gas_score"), "0")
    observed = goal_field(tab, f"goal_progress[{panic}].observed_value")
    assert isinstance(observed, QLineEdit)
    type_text(qtbot, observed, "2")
    choose(goal_field(tab, f"goal_progress[{sleep}].rating"), "no_change")
    choose(goal_field(tab, f"goal_progress[{sleep}].gas_score"), "-1")
    # the chosen GAS level is the goal's own description, shown in bold
    level = label(tab, f"goal_{panic}_gas_level_0")
    assert level.text() == PANIC_LEVELS[2] and QFont(level.font()).bold()
    assert not QFont(label(tab, f"goal_{panic}_gas_level_1").font()).bold()
    assert f"goal_progress[{sleep}].observed_value" not in tab.editor.goals.fields.names()
    assert tab.is_dirty() and window.chart.is_dirty()

    click(qtbot, button(tab, "save_note_button"))
    assert label(tab, "sessions_notice").text() == "Saved."
    assert tab.mode == "edit" and not tab.is_dirty()
    vault = vault_of(window)
    note = sessions.note_for_encounter(vault, tab.encounter_id or 0)
    assert note is not None and note.format is NoteFormat.SOAP
    assert note.sections["subjective"] == SUBJECTIVE
    assert [(g.goal_id, g.rating, g.gas_score, g.observed_value) for g in note.goal_progress] == [
        (panic, ProgressRating.IMPROVING, 0, 2.0),
        (sleep, ProgressRating.NO_CHANGE, -1, None),
    ]
    assert tab.model.rowCount() == 2 and tab.model.index(0, 3).data() == "Draft"

    click(qtbot, button(tab, "sign_note_button"))
    assert signer == [SIGNATURE]
    signed = sessions.get_note(vault, note.id)
    assert signed.locked and signed.signed_by == SIGNATURE and signed.signed_at is not None
    assert tab.editor.is_signed
    assert "Signed and locked on" in label(tab, "signed_banner").text()
    assert tab.model.index(0, 3).data() == "Signed"
    assert not button(tab, "sign_note_button").isVisible()

    # Editing fails: every note field is read-only, and the service refuses too.
    subjective = text_field(tab, "sections.subjective")
    assert subjective.isReadOnly()
    type_text(qtbot, subjective, " Changed afterwards.")
    assert subjective.toPlainText() == SUBJECTIVE
    assert not goal_field(tab, f"goal_progress[{panic}].rating").isEnabled()
    observed = goal_field(tab, f"goal_progress[{panic}].observed_value")
    assert isinstance(observed, QLineEdit) and observed.isReadOnly()
    with pytest.raises(ValidationError) as refused:
        sessions.save_note_draft(vault, tab.encounter_id or 0, NoteInput(sections={"plan": "x"}))
    assert "addendum" in refused.value.fields["note"]
    assert not tab.is_dirty()

    # A correction is an addendum, dated, below the unchanged note.
    assert tab.editor.addenda.fields.text("author") == SIGNATURE
    type_text(qtbot, text_field_of_addendum(tab), "The attacks were on the bus, not the train.")
    click(qtbot, button(tab, "add_addendum_button"))
    assert label(tab, "sessions_notice").text() == "Addendum added below the note."
    heading = label(tab, "addendum_1_heading").text()
    assert heading.startswith(f"Addendum 1 · {date.today().isoformat()} ")
    assert heading.endswith(SIGNATURE)
    assert label(tab, "addendum_1_text").text() == "The attacks were on the bus, not the train."
    again = sessions.get_note(vault, note.id)
    assert [a.text for a in again.addenda] == ["The attacks were on the bus, not the train."]
    assert again.sections == signed.sections
    assert tab.editor.addenda.fields.text("text") == ""
    assert not tab.is_dirty()


def text_field_of_addendum(tab: SessionsTab) -> QPlainTextEdit:
    widget = tab.editor.addenda.fields.widget("text")
    assert isinstance(widget, QPlainTextEdit)
    return widget


def test_an_empty_addendum_is_refused_beside_its_field(
    qtbot: QtBot, window: MainWindow, practice: Practice, signer: list[str]
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.plan"), "Review the hierarchy.")
    assert tab.sign()
    click(qtbot, button(tab, "add_addendum_button"))
    assert "required" in label(tab, "addendum_text_error").text()
    assert sessions.get_note(vault_of(window), tab._note.id if tab._note else 0).addenda == []


# ------------------------------------------------------------------------------ risk
def test_moderate_risk_without_a_safety_plan_is_refused_next_to_the_field(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    assert tab.encounter_id == practice.encounter_id
    caption = label(tab, "safety_note_caption")
    assert caption.text() == "Safety plan"
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    choose(tab.editor.fields.widget("risk_level"), RiskLevel.MODERATE.value)
    assert caption.text() == SAFETY_REQUIRED and QFont(caption.font()).bold()

    click(qtbot, button(tab, "save_note_button"))
    error = label(tab, "safety_note_error")
    assert error.isVisible() and "safety plan" in error.text()
    assert text_field(tab, "sections.subjective").toPlainText() == SUBJECTIVE
    assert tab.editor.fields.text("risk_level") == "moderate"
    assert tab.is_dirty()
    assert sessions.note_for_encounter(vault_of(window), practice.encounter_id) is None

    type_text(qtbot, text_field(tab, "safety_note"), "Crisis line and sister's number agreed.")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(  # Save note from the keyboard
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not label(tab, "safety_note_error").isVisible()
    note = sessions.note_for_encounter(vault_of(window), practice.encounter_id)
    assert note is not None and note.risk_level is RiskLevel.MODERATE
    assert note.safety_note == "Crisis line and sister's number agreed."


def test_signing_asks_first_and_cancel_changes_nothing(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.plan"), "Continue weekly.")
    seen: list[str] = []

    def answer(accept: bool) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignNoteDialog)
        seen.append(dialog.name.text())
        assert dialog.sign_button.isEnabled()
        dialog.name.clear()
        assert not dialog.sign_button.isEnabled()  # no signing without a name
        dialog.name.setText("Dr. Ada Example")
        if accept:
            dialog.sign_button.click()
        else:
            dialog.reject()

    QTimer.singleShot(0, lambda: answer(False))
    assert not tab.sign()
    note = sessions.note_for_encounter(vault_of(window), practice.encounter_id)
    assert note is not None and not note.locked  # saved as a draft, not signed
    assert not tab.editor.is_signed

    QTimer.singleShot(0, lambda: answer(True))
    assert tab.sign()
    assert seen == [SIGNATURE, SIGNATURE]
    note = sessions.note_for_encounter(vault_of(window), practice.encounter_id)
    assert note is not None and note.locked and note.signed_by == CLINICIAN


def test_an_empty_note_cannot_be_signed(
    qtbot: QtBot, window: MainWindow, practice: Practice, signer: list[str]
) -> None:
    tab = open_sessions(window, practice.client_id)
    assert not tab.sign()
    assert "Write the note" in label(tab, "note_error").text()
    assert signer == []


# ------------------------------------------------------------------------------ goals and wins
def test_carry_forward_fills_only_blank_fields(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    vault = vault_of(window)
    earlier = sessions.save_note_draft(
        vault, practice.encounter_id, NoteInput(sections={"plan": "x"})
    )
    sessions.record_goal_progress(
        vault,
        earlier.id,
        [
            GoalProgressInput(practice.panic_goal, ProgressRating.IMPROVING, 1, "3"),
            GoalProgressInput(practice.sleep_goal, gas_score=0),
        ],
    )
    tab = open_sessions(window, practice.client_id)
    tab.new_session()
    choose(goal_field(tab, f"goal_progress[{practice.panic_goal}].gas_score"), "2")
    click(qtbot, button(tab, "carry_forward_button"))
    values = tab.editor.goals.values()
    panic = f"goal_progress[{practice.panic_goal}]"
    assert values[f"{panic}.rating"] == "improving"
    assert values[f"{panic}.gas_score"] == "2"  # typed, so kept
    assert values[f"{panic}.observed_value"] == "3"
    assert values[f"goal_progress[{practice.sleep_goal}].gas_score"] == "0"
    assert "2 goals" in label(tab, "goals_notice").text()
    assert tab.is_dirty()


def test_mark_a_win_is_kept_with_the_goal_and_the_note(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    assert tab.save()
    dialog = tab.mark_win()
    assert isinstance(dialog, MilestoneDialog) and dialog.isVisible()
    assert dialog.fields.text("achieved_on") == LAST_SESSION.session_date.isoformat()
    assert not dialog.save()  # no description yet
    assert "required" in label(dialog, "milestone_description_error").text()
    dialog.fields.set_values(
        {"description": "Rode the train to work alone", "goal": str(practice.panic_goal)}
    )
    assert dialog.save()
    wins = milestones.milestones_for(vault_of(window), practice.client_id)
    assert [(w.description, w.goal_id, w.note_id) for w in wins] == [
        ("Rode the train to work alone", practice.panic_goal, tab._note.id if tab._note else -1)
    ]
    assert "Rode the train to work alone" in label(tab, "wins_text").text()


# ------------------------------------------------------------------------------ formats
def test_default_format_from_preferences_and_switching_loses_nothing(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    vault = vault_of(window)
    settings.update_preferences(vault, settings.Preferences(default_note_format=NoteFormat.DAP))
    tab = open_sessions(window, practice.client_id)
    tab.new_session()
    assert tab.editor.fields.text("format") == "dap"
    assert text_field(tab, "sections.data").isVisible()
    assert not text_field(tab, "sections.subjective").isVisible()
    type_text(qtbot, text_field(tab, "sections.data"), "Client describes a calmer week.")
    choose(tab.editor.fields.widget("format"), "birp")
    assert text_field(tab, "sections.behavior").isVisible()
    assert "Data" in label(tab, "hidden_sections_notice").text()
    choose(tab.editor.fields.widget("format"), "dap")
    assert text_field(tab, "sections.data").toPlainText() == "Client describes a calmer week."
    assert not label(tab, "hidden_sections_notice").isVisible()
    assert tab.save()
    note = sessions.note_for_encounter(vault, tab.encounter_id or 0)
    assert note is not None and note.format is NoteFormat.DAP
    assert note.sections == {
        "data": "Client describes a calmer week.",
        "assessment": "",
        "plan": "",
    }


# ------------------------------------------------------------------------------ the list
def test_unsigned_notes_are_flagged_after_the_preferred_days(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    vault = vault_of(window)
    old = sessions.create_encounter(
        vault,
        practice.client_id,
        EncounterInput(session_date=date.today() - timedelta(days=10)),
    )
    sessions.save_note_draft(vault, old.id, NoteInput(sections={"plan": "Finish later."}))
    tab = open_sessions(window, practice.client_id)
    row = tab.model.row_of(old.id)
    assert row is not None
    assert tab.model.index(row, 0).data(FLAGGED_ROLE)
    assert tab.model.index(row, 3).data() == "Draft · 10 days unsigned"
    assert "still unsigned 10 days after" in tab.model.index(row, 3).data(
        Qt.ItemDataRole.ToolTipRole
    )
    settings.update_preferences(vault, settings.Preferences(unsigned_note_days=14))
    tab = open_sessions(window, practice.client_id)
    row = tab.model.row_of(old.id)
    assert row is not None and not tab.model.index(row, 0).data(FLAGGED_ROLE)


def test_choosing_another_session_keeps_the_edits_as_a_draft(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    vault = vault_of(window)
    other = sessions.create_encounter(
        vault, practice.client_id, EncounterInput(session_date=date(2026, 2, 24))
    )
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    row = tab.model.row_of(other.id)
    assert row is not None
    tab.table.selectRow(row)
    assert tab.encounter_id == other.id and not tab.is_dirty()
    first = tab.model.row_of(practice.encounter_id)
    assert first is not None
    assert tab.model.index(first, 3).data().startswith("No note, unsaved draft")
    assert draft_name(practice.encounter_id, practice.client_id) in drafts.draft_names(vault)

    tab.table.selectRow(first)
    assert text_field(tab, "sections.subjective").toPlainText() == SUBJECTIVE
    assert tab.is_dirty() and "are back" in label(tab, "sessions_notice").text()
    click(qtbot, button(tab, "revert_note_button"))
    assert text_field(tab, "sections.subjective").toPlainText() == ""
    assert drafts.draft_names(vault) == []


# ------------------------------------------------------------------------------ drafts
def test_autosave_keeps_the_typing_in_the_vault_a_moment_after_it_stops(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    assert tab.timer.interval() == 5000 and tab.timer.isSingleShot()
    tab.timer.setInterval(30)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    name = draft_name(practice.encounter_id, practice.client_id)
    vault = vault_of(window)
    qtbot.waitUntil(lambda: name in drafts.draft_names(vault), timeout=3000)
    stored = drafts.load_draft(vault, name)
    assert stored is not None and stored["values"]["sections.subjective"] == SUBJECTIVE
    assert "Kept safe in the vault" in label(tab, "note_status").text()
    assert sessions.note_for_encounter(vault, practice.encounter_id) is None  # not the record
    assert tab.save()
    assert name not in drafts.draft_names(vault)


def test_a_note_being_written_survives_an_auto_lock(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    choose(goal_field(tab, f"goal_progress[{practice.panic_goal}].gas_score"), "1")
    type_text(qtbot, text_field(tab, "psychotherapy_note"), "Process: counter-transference")
    window.auto_lock.set_interval_ms(50)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert KEPT_NOTICE in label(window, "unlock_notice").text()
    assert tab.mode == "none" and tab.model.rowCount() == 0
    for text in all_texts(window):
        assert SUBJECTIVE not in text and "counter-transference" not in text
        assert "Fewer panic attacks" not in text

    unlock(qtbot, window)
    assert window.chart.tabs.currentWidget() is tab
    assert tab.encounter_id == practice.encounter_id
    assert text_field(tab, "sections.subjective").toPlainText() == SUBJECTIVE
    assert text_field(tab, "psychotherapy_note").toPlainText() == "Process: counter-transference"
    assert tab.editor.goals.values()[f"goal_progress[{practice.panic_goal}].gas_score"] == "1"
    assert tab.is_dirty()
    assert tab.save()
    vault = vault_of(window)
    note = sessions.note_for_encounter(vault, practice.encounter_id)
    assert note is not None and note.sections["subjective"] == SUBJECTIVE
    assert sessions.get_psychotherapy_note(vault, practice.encounter_id).endswith("transference")


def test_a_new_session_being_written_survives_a_lock(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    tab.new_session()
    type_text(qtbot, text_field(tab, "sections.plan"), "Start the sleep diary.")
    window.lock()
    unlock(qtbot, window)
    assert tab.mode == "new"
    assert text_field(tab, "sections.plan").toPlainText() == "Start the sleep diary."
    assert tab.model.rowCount() == 1  # still only the earlier session: nothing saved yet


def test_leaving_the_client_asks_about_the_note(
    qtbot: QtBot, window: MainWindow, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    monkeypatch.setattr(messages, "ask_unsaved", lambda parent: messages.Unsaved.SAVE)
    other = window.client_list.model
    assert other.rowCount() > 1
    window.new_client()
    note = sessions.note_for_encounter(vault_of(window), practice.encounter_id)
    assert note is not None and note.sections["subjective"] == SUBJECTIVE
    assert tab.client_id is None and tab.mode == "none"


def test_a_win_being_typed_survives_an_auto_lock(
    qtbot: QtBot, window: MainWindow, practice: Practice
) -> None:
    tab = open_sessions(window, practice.client_id)
    type_text(qtbot, text_field(tab, "sections.subjective"), SUBJECTIVE)
    assert tab.save()
    dialog = tab.mark_win()
    assert dialog is not None
    type_text(qtbot, dialog.fields.widget("description"), "Slept through the night")
    dialog.fields.set_values({"goal": str(practice.panic_goal)})
    window.auto_lock.set_interval_ms(50)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert not any(
        isinstance(d, MilestoneDialog) and d.isVisible() for d in window.findChildren(QDialog)
    )

    unlock(qtbot, window)
    assert milestones.milestones_for(vault_of(window), practice.client_id) == []
    reopened = [d for d in window.findChildren(MilestoneDialog) if d.isVisible()]
    assert len(reopened) == 1
    assert reopened[0].fields.text("description") == "Slept through the night"
    assert reopened[0].fields.text("goal") == str(practice.panic_goal)
    assert reopened[0].save()
    wins = milestones.milestones_for(vault_of(window), practice.client_id)
    assert [(w.description, w.goal_id) for w in wins] == [
        ("Slept through the night", practice.panic_goal)
    ]
