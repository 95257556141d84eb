"""Overdue treatment-plan reviews are marked in the client list, and the list sorts by them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from practice_planner.domain.enums import ClientStatus, PlanStatus
from practice_planner.storage.models import Client, TreatmentPlan
from practice_planner.storage.vault import Vault
from practice_planner.ui.client_list_model import (
    OVERDUE_COLOUR,
    REVIEW_COLUMN,
    ClientListModel,
)

TODAY = date.today()


def add_client(vault: Vault, family: str, status: ClientStatus = ClientStatus.ACTIVE) -> int:
    with vault.unit_of_work() as session:
        return int(
            session.execute(
                insert(Client).returning(Client.id),
                {
                    "record_number": f"R-{family}",
                    "legal_given_name": "Sam",
                    "legal_family_name": family,
                    "preferred_name": "",
                    "status": status,
                },
            ).scalar_one()
        )


def add_plan(vault: Vault, client_id: int, status: PlanStatus, review: date, version: int) -> None:
    with vault.unit_of_work() as session:
        session.execute(
            insert(TreatmentPlan),
            {
                "client_id": client_id,
                "version": version,
                "status": status,
                "effective_date": review - timedelta(days=90),
                "next_review_date": review,
            },
        )


def review_cell(model: ClientListModel, family: str, role: int = Qt.ItemDataRole.DisplayRole):
    for row in range(model.rowCount()):
        if model.index(row, 1).data().startswith(family):
            return model.index(row, REVIEW_COLUMN).data(role)
    raise AssertionError(f"{family} is not listed")


def test_overdue_and_due_soon_reviews_are_marked_in_words_and_colour(
    qtbot: QtBot, vault: Vault
) -> None:
    late = add_client(vault, "Late")
    add_plan(vault, late, PlanStatus.SUPERSEDED, TODAY - timedelta(days=200), 1)
    add_plan(vault, late, PlanStatus.ACTIVE, TODAY - timedelta(days=12), 2)
    soon = add_client(vault, "Soon")
    add_plan(vault, soon, PlanStatus.UNDER_REVIEW, TODAY + timedelta(days=3), 1)
    later = add_client(vault, "Later")
    add_plan(vault, later, PlanStatus.ACTIVE, TODAY + timedelta(days=40), 1)
    drafted = add_client(vault, "Drafted")
    add_plan(vault, drafted, PlanStatus.DRAFT, TODAY - timedelta(days=5), 1)
    gone = add_client(vault, "Gone", ClientStatus.DISCHARGED)
    add_plan(vault, gone, PlanStatus.ACTIVE, TODAY - timedelta(days=30), 1)
    add_client(vault, "Planless")

    model = ClientListModel()
    model.set_vault(vault)
    model.reload()

    assert model.headerData(REVIEW_COLUMN, Qt.Orientation.Horizontal) == "Plan review"
    assert review_cell(model, "Late") == "Overdue by 12 days"
    assert review_cell(model, "Late", Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert "overdue by 12 days" in review_cell(model, "Late", Qt.ItemDataRole.ToolTipRole)
    assert review_cell(model, "Soon") == "Due in 3 days"
    assert review_cell(model, "Later") == (TODAY + timedelta(days=40)).isoformat()
    assert review_cell(model, "Later", Qt.ItemDataRole.ForegroundRole) is None
    # A draft has no schedule yet; a discharged client's plan is not chased.
    assert review_cell(model, "Drafted") is None
    assert review_cell(model, "Gone") == (TODAY - timedelta(days=30)).isoformat()
    assert review_cell(model, "Gone", Qt.ItemDataRole.ForegroundRole) is None
    assert review_cell(model, "Planless") is None
    # The name carries the mark too, for a list too narrow to show the column.
    marks = {
        model.index(r, 1).data().split(",")[0]: model.index(r, 1).data(
            Qt.ItemDataRole.DecorationRole
        )
        for r in range(model.rowCount())
    }
    assert {family for family, mark in marks.items() if mark is not None} == {"Late", "Soon"}


def test_sorting_by_plan_review_puts_the_most_overdue_first_and_unplanned_last(
    qtbot: QtBot, vault: Vault
) -> None:
    for family, days in (("Beta", 5), ("Alpha", -3), ("Gamma", -20)):
        add_plan(vault, add_client(vault, family), PlanStatus.ACTIVE, TODAY + timedelta(days), 1)
    add_client(vault, "Aaron")
    model = ClientListModel()
    model.set_vault(vault)
    model.reload()

    model.sort(REVIEW_COLUMN, Qt.SortOrder.AscendingOrder)
    order = [model.index(r, 1).data().split(",")[0] for r in range(model.rowCount())]
    assert order == ["Gamma", "Alpha", "Beta", "Aaron"]
    model.sort(REVIEW_COLUMN, Qt.SortOrder.DescendingOrder)
    order = [model.index(r, 1).data().split(",")[0] for r in range(model.rowCount())]
    assert order == ["Beta", "Alpha", "Gamma", "Aaron"]
