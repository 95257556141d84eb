"""Fixtures for driving the real main window offscreen on real vault files in ``tmp_path``."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from practice_planner.services.clients import ClientInput, create_client
from practice_planner.storage.vault import Vault
from practice_planner.ui.main_window import MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE

MakeWindow = Callable[..., MainWindow]
W = TypeVar("W", bound=QWidget)


OFFSCREEN_DIALOG_NOTE = "does not support propagateSizeHints"
"""The offscreen platform cannot size a dialog to its contents and warns whenever one opens."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_DIALOG_NOTE))


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> Iterator[None]:
    """Window geometry goes to tmp_path: tests never touch the real home folder."""
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield
    QApplication.restoreOverrideCursor()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "window.ini"


@pytest.fixture
def make_window(qtbot: QtBot, settings_file: Path) -> MakeWindow:
    """A shown MainWindow with the fast KDF; qtbot closes it (and so its vault) at the end."""

    def make(path: Path, **kwargs: object) -> MainWindow:
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        window = MainWindow(path, kdf_iterations=FAST_KDF, settings=settings, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


def client_input(number: int, given: str, family: str, **extra: object) -> ClientInput:
    return ClientInput(
        record_number=f"C-{number:05d}",
        legal_given_name=given,
        legal_family_name=family,
        intake_date=date(2025, 1, 15),
        **extra,  # type: ignore[arg-type]
    )


PEOPLE = [
    ("Alexandra", "Fictional", "Alex"),
    ("Jonas", "Example", ""),
    ("Mira", "Sample", ""),
    ("Zoë", "Ångström", ""),
]


def _template(factory: pytest.TempPathFactory, name: str, people: bool) -> Path:
    path = factory.mktemp(name) / "practice.db"
    with Vault.create(path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        if people:
            for number, (given, family, preferred) in enumerate(PEOPLE, start=1):
                create_client(vault, client_input(number, given, family, preferred_name=preferred))
    return path


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "empty-template", people=False)


@pytest.fixture(scope="session")
def _people_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "people-template", people=True)


def _copy(template: Path, target: Path) -> Path:
    """A private copy of a closed template vault (creating vaults is the slow part of setup)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


@pytest.fixture
def closed_vault(_empty_template: Path, vault_path: Path) -> Path:
    """An empty vault made with PASSPHRASE, closed, so a window may open it."""
    return _copy(_empty_template, vault_path)


@pytest.fixture
def people_vault(_people_template: Path, vault_path: Path) -> Path:
    """A closed vault holding four clients (C-00001 .. C-00004)."""
    return _copy(_people_template, vault_path)


def child(window: QWidget, kind: type[W], name: str) -> W:
    widget = window.findChild(kind, name)
    assert isinstance(widget, kind), name
    return widget


def line_edit(window: QWidget, name: str) -> QLineEdit:
    return child(window, QLineEdit, name)


def button(window: QWidget, name: str) -> QPushButton:
    return child(window, QPushButton, name)


def label(window: QWidget, name: str) -> QLabel:
    return child(window, QLabel, name)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    field = window.unlock_page.passphrase
    field.clear()
    qtbot.keyClicks(field, passphrase)
    click(qtbot, window.unlock_page.unlock_button)
