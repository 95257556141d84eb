"""The lazy client list model: exact row count at once, rows fetched by the page, bounded cache."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from practice_planner.domain.enums import ClientStatus
from practice_planner.services import clients
from practice_planner.storage.models import Client
from practice_planner.storage.vault import Vault
from practice_planner.ui import client_list_model
from practice_planner.ui.client_list_model import (
    CACHED_PAGES,
    CLIENT_ID_ROLE,
    PAGE,
    ClientListModel,
)
from tests.ui.conftest import MakeWindow, unlock

STATUSES = list(ClientStatus)


def fill(vault: Vault, count: int) -> None:
    """Many clients at once, straight into the table (the services' rules are tested elsewhere)."""
    rows = [
        {
            "record_number": f"R-{n:06d}",
            "legal_given_name": f"Given{n % 97:02d}",
            "legal_family_name": f"Family{(n * 7919) % count:06d}",
            "preferred_name": "",
            "status": STATUSES[n % 3],
            "date_of_birth": date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
        }
        for n in range(count)
    ]
    with vault.unit_of_work() as session:
        session.execute(insert(Client), rows)


@pytest.fixture
def model(qtbot: QtBot, vault: Vault) -> ClientListModel:
    fill(vault, 2_000)
    result = ClientListModel()
    result.set_vault(vault)
    result.reload()
    return result


def test_row_count_is_exact_before_any_row_is_fetched(model: ClientListModel) -> None:
    assert model.rowCount() == 2_000
    assert model.cached_pages == 0


def test_a_row_far_down_costs_one_page(model: ClientListModel) -> None:
    assert model.index(1_999, 1).data().startswith("Family001999, Given")
    assert model.cached_pages == 1
    assert model.index(1_950, 0).data().startswith("R-")
    assert model.cached_pages == 1  # same page
    first = model.index(0, 1).data()
    assert first.startswith("Family000000")
    assert model.cached_pages == 2


def test_cache_stays_bounded(model: ClientListModel) -> None:
    for row in range(0, 2_000, PAGE):
        model.index(row, 0).data()
    assert model.cached_pages == min(CACHED_PAGES, 2_000 // PAGE)


def test_row_of_and_client_id_agree(model: ClientListModel) -> None:
    client_id = model.index(1_234, 0).data(CLIENT_ID_ROLE)
    assert isinstance(client_id, int)
    assert model.row_of(client_id) == 1_234
    assert model.client_id(1_234) == client_id
    assert model.row_of(-1) is None and model.client_id(5_000) is None


def test_sorting_and_filtering_go_through_the_services(model: ClientListModel) -> None:
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "R-001999"
    model.sort(2, Qt.SortOrder.AscendingOrder)
    born = [model.index(r, 2).data() for r in range(5)]
    assert born == sorted(born)
    model.set_filter("R-00012", (ClientStatus.ACTIVE,))
    numbers = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert numbers and all(n.startswith("R-00012") for n in numbers)
    assert all(model.index(r, 3).data() == "Active" for r in range(model.rowCount()))


def test_a_view_only_fetches_what_it_shows(qtbot: QtBot, model: ClientListModel) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(500, 400)
    with qtbot.waitExposed(view):
        view.show()
    assert model.cached_pages <= 2
    view.scrollToBottom()
    qtbot.wait(10)
    assert model.cached_pages <= 3


def test_locked_vault_leaves_placeholders_not_errors(model: ClientListModel, vault: Vault) -> None:
    vault.lock()
    assert model.index(5, 1).data() == "…"
    model.reload()
    assert model.rowCount() == 0


def test_client_rows_keep_the_order_asked_and_skip_missing(vault: Vault) -> None:
    fill(vault, 5)
    ids = clients.client_ids(vault, sort=clients.ClientSort.RECORD_NUMBER)
    rows = clients.client_rows(vault, [ids[3], 999_999, ids[0]])
    assert [r.record_number for r in rows] == ["R-000003", "R-000000"]
    assert clients.client_rows(vault, []) == []


@pytest.mark.slow
def test_twenty_thousand_clients_open_at_once(
    qtbot: QtBot, make_window: MakeWindow, vault: Vault
) -> None:
    fill(vault, 20_000)
    vault.close()
    window = make_window(vault.path)
    started = time.perf_counter()
    unlock(qtbot, window)
    qtbot.wait(1)
    elapsed = time.perf_counter() - started
    assert window.client_list.model.rowCount() == 20_000
    assert window.client_list.model.cached_pages <= 2
    assert elapsed < 2.0, elapsed  # typically a tenth of that; generous for slow CI machines
    started = time.perf_counter()
    window.client_list.search.setText("Family01999")
    window.client_list.apply_filter()
    assert window.client_list.model.rowCount() == 10
    assert time.perf_counter() - started < 1.0


def test_a_keystroke_fetches_only_rows_not_seen_yet(
    model: ClientListModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    real = client_list_model.client_rows

    def counting(vault: Vault, ids: Sequence[int]) -> list[clients.ClientRow]:
        asked.extend(ids)
        return real(vault, ids)

    monkeypatch.setattr(client_list_model, "client_rows", counting)
    first_page = [model.index(row, 1).data() for row in range(PAGE)]
    assert len(asked) == PAGE
    model.set_filter("Family00000")  # the first ten clients of the list, all shown already
    assert [model.index(row, 1).data() for row in range(model.rowCount())] == first_page[:10]
    assert len(asked) == PAGE
    model.set_filter("")
    assert [model.index(row, 1).data() for row in range(PAGE)] == first_page
    assert len(asked) == PAGE
    assert model.cached_rows == PAGE


def test_an_edited_name_is_read_again_after_the_save(model: ClientListModel, vault: Vault) -> None:
    client_id = model.client_id(0)
    assert client_id is not None and model.index(0, 1).data().startswith("Family000000, ")
    client = clients.get_client(vault, client_id)
    edited = replace(clients.ClientInput.from_client(client), legal_family_name="Aaltonen")
    clients.update_client(vault, client_id, edited, today=date(2026, 11, 22))
    model.reload()  # what the window does once the client form has saved
    assert model.index(0, 1).data().startswith("Aaltonen, ")
    model.set_filter("aaltonen")
    assert model.rowCount() == 1 and model.client_id(0) == client_id


def test_locking_forgets_every_fetched_row(model: ClientListModel) -> None:
    model.index(0, 0).data()
    assert model.cached_rows == PAGE
    model.clear()
    assert model.cached_rows == 0 and model.rowCount() == 0
