"""A client's diagnoses (Overview tab): the list, and one editor for adding or changing one.

There is no delete: a diagnosis that no longer applies gets a resolved date, so the record keeps
what was believed when. Marking one primary makes the services unmark the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import clients
from practice_planner.services.clients import DiagnosisInput
from practice_planner.storage.models import Diagnosis
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import DateField, FieldSet, line_edit, parse_dates
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel, button_row, push_button, text_label

Index = QModelIndex | QPersistentModelIndex

_HEADERS = ("Code", "Description", "Primary", "Diagnosed", "Resolved")
_DATES = {"diagnosed_on": "Date diagnosed", "resolved_on": "Date resolved"}
SAVE_FIRST = "Save the client's record first; then add diagnoses here."


class DiagnosisTableModel(QAbstractTableModel):
    """The diagnoses of one client, as loaded with the client (a handful of rows)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Diagnosis] = []

    def set_rows(self, rows: Sequence[Diagnosis]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def diagnosis(self, row: int) -> Diagnosis | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, diagnosis_id: int | None) -> int | None:
        for row, diagnosis in enumerate(self._rows):
            if diagnosis.id == diagnosis_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        values = (
            row.icd10_code,
            row.description,
            "Primary" if row.is_primary else "",
            _date(row.diagnosed_on),
            _date(row.resolved_on),
        )
        return values[index.column()]


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


class DiagnosesPanel(QWidget):
    """List plus editor; ``changed`` asks the chart to reload the client after a save."""

    changed = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnoses_panel")
        self._vault: Vault | None = None
        self.client_id: int | None = None
        self.editing_id: int | None = None
        self._baseline: dict[str, str] = {}
        self._dirty = False

        self.model = DiagnosisTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("diagnosis_table")
        self.table.setAccessibleName("Diagnoses")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(rows.defaultSectionSize() * 5 + 4)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.hint = text_label(SAVE_FIRST, name="diagnoses_hint")

        self.fields = FieldSet(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        code = line_edit("icd10_code", max_length=10)
        code.setMaximumWidth(140)
        code.setPlaceholderText("F41.1")
        self.fields.add_row(grid, "icd10_code", "ICD-10-CM code", code)
        self.fields.add_row(
            grid, "description", "Description", line_edit("description", max_length=300)
        )
        primary = QCheckBox()
        primary.setObjectName("is_primary")
        self.fields.add_row(grid, "is_primary", "Primary diagnosis", primary)
        self._dates = {name: DateField(name) for name in _DATES}
        for name, caption in _DATES.items():
            self.fields.add_row(grid, name, caption, self._dates[name])
        self.fields.edited.connect(self._check_dirty)

        self.error = MessageLabel("diagnosis_error")
        self.new_button = push_button("New dia&gnosis", "new_diagnosis_button")
        self.new_button.clicked.connect(self.start_new)
        self.save_button = push_button("&Add diagnosis", "save_diagnosis_button")
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addLayout(button_row(self.new_button, self.save_button))
        self.clear()

    # ------------------------------------------------------------------ state
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def show_client(self, client_id: int | None, diagnoses: Sequence[Diagnosis]) -> None:
        """A saved client's diagnoses (or none, for a record not saved yet)."""
        self.client_id = client_id
        self.model.set_rows(diagnoses)
        enabled = client_id is not None
        self.hint.setVisible(not enabled)
        for widget in (self.table, self.new_button, self.save_button):
            widget.setEnabled(enabled)
        for name in self.fields.names():
            self.fields.widget(name).setEnabled(enabled)
        self.start_new()

    def clear(self) -> None:
        self.show_client(None, [])

    def start_new(self) -> None:
        """Empty editor in "add" mode."""
        self.editing_id = None
        self.table.clearSelection()
        self.save_button.setText("&Add diagnosis")
        self._set_baseline({name: "" for name in self.fields.names()})

    def edit(self, diagnosis: Diagnosis) -> None:
        self.editing_id = diagnosis.id
        self.save_button.setText("&Save diagnosis")
        self._set_baseline(
            {
                "icd10_code": diagnosis.icd10_code,
                "description": diagnosis.description,
                "is_primary": "1" if diagnosis.is_primary else "",
                "diagnosed_on": _date(diagnosis.diagnosed_on),
                "resolved_on": _date(diagnosis.resolved_on),
            }
        )

    def _set_baseline(self, values: dict[str, str]) -> None:
        self.fields.set_values(values)
        self._baseline = self.fields.values()
        self.fields.clear_errors()
        self.error.clear_message()
        self._check_dirty()

    def _row_chosen(self, current: QModelIndex, previous: Any) -> None:
        diagnosis = self.model.diagnosis(current.row()) if current.isValid() else None
        if diagnosis is not None and diagnosis.id != self.editing_id:
            self.edit(diagnosis)

    def is_dirty(self) -> bool:
        return self._dirty

    def _check_dirty(self) -> None:
        dirty = self.client_id is not None and self.fields.values() != self._baseline
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ saving
    def value(self) -> DiagnosisInput:
        dates = parse_dates(self._dates, _DATES)
        return DiagnosisInput(
            icd10_code=self.fields.text("icd10_code"),
            description=self.fields.text("description"),
            is_primary=bool(self.fields.text("is_primary")),
            diagnosed_on=dates["diagnosed_on"],
            resolved_on=dates["resolved_on"],
        )

    def save(self) -> bool:
        if self._vault is None or self.client_id is None:
            return False
        self.fields.clear_errors()
        self.error.clear_message()
        try:
            data = self.value()
            if self.editing_id is None:
                clients.add_diagnosis(self._vault, self.client_id, data)
            else:
                clients.update_diagnosis(self._vault, self.editing_id, data)
        except ValidationError as error:
            leftover = self.fields.show_errors(error.fields)
            if leftover:
                self.error.show_message(" ".join(leftover.values()))
            return False
        except (PracticePlannerError, OSError) as error:
            self.error.show_message(error_text(error))
            return False
        self._baseline = self.fields.values()
        self._check_dirty()
        self.changed.emit()
        return True

    # ------------------------------------------------------------------ drafts
    def draft(self) -> dict[str, Any]:
        return {
            "editing_id": self.editing_id,
            "values": self.fields.values(),
            "baseline": dict(self._baseline),
        }

    def restore_draft(self, draft: dict[str, Any]) -> None:
        editing = draft.get("editing_id")
        row = self.model.row_of(editing if isinstance(editing, int) else None)
        if row is not None:
            self.table.selectRow(row)  # loads it into the editor as "edit"
        else:
            self.start_new()
        self._baseline = {str(k): str(v) for k, v in dict(draft.get("baseline", {})).items()}
        self.fields.set_values({str(k): str(v) for k, v in dict(draft.get("values", {})).items()})
        self._check_dirty()
