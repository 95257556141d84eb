"""Choosing a goal template (search as you type, filter by category) and saving a goal as one.

A template is a starting point: the plan tab inserts its wording into the goal being edited,
where every word stays editable. The clinician's own templates live inside the encrypted vault.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import Direction, GoalCategory, GoalHorizon, GoalKind
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import goal_library
from practice_planner.services.goal_library import GoalTemplate
from practice_planner.services.plan_edits import GoalEdit
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import FieldSet, line_edit
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel


class GoalLibraryDialog(QDialog):
    """Search the library; Insert puts the chosen template into the goal being edited."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goal_library_dialog")
        self.setWindowTitle("Goal library")
        self.chosen: GoalTemplate | None = None
        self.message = MessageLabel("library_message")
        try:
            self.templates = goal_library.library(vault)
        except (PracticePlannerError, OSError) as error:
            self.templates = list(goal_library.builtin_templates())
            self.message.show_message(error_text(error))
        self.search = QLineEdit()
        self.search.setObjectName("library_search")
        self.search.setPlaceholderText("Search: e.g. panic, sleep, assertive")
        self.search.setAccessibleName("Search goal templates")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setObjectName("library_category")
        self.category.setAccessibleName("Category")
        self.category.addItem("All categories", "")
        for member in GoalCategory:
            self.category.addItem(member.label, member.value)
        self.list = QListWidget()
        self.list.setObjectName("library_list")
        self.list.setAccessibleName("Goal templates")
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("library_preview")
        self.preview.setReadOnly(True)
        self.count = QLabel()
        self.count.setObjectName("library_count")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.category.currentIndexChanged.connect(lambda _index: self.refresh())
        self.list.currentItemChanged.connect(self._preview)
        self.list.itemActivated.connect(lambda _item: self.accept())

        row = QHBoxLayout()
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        row.addWidget(self.category)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.preview)
        split.setSizes([320, 420])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button = buttons.addButton("&Insert", QDialogButtonBox.ButtonRole.AcceptRole)
        self.insert_button.setObjectName("library_insert_button")
        self.insert_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 520)
        self.refresh()
        self.search.setFocus()

    def refresh(self) -> None:
        value = self.category.currentData()
        category = GoalCategory(value) if value else None
        found = goal_library.search(self.templates, self.search.text(), category)
        self.list.clear()
        for template in found:
            mine = "  (mine)" if template.mine else ""
            item = QListWidgetItem(f"{template.title}{mine}")
            item.setData(Qt.ItemDataRole.UserRole, template.key)
            item.setToolTip(f"{template.category.label}: {template.statement}")
            self.list.addItem(item)
        self.count.setText(f"{len(found)} of {len(self.templates)} templates")
        if found:
            self.list.setCurrentRow(0)
        self.insert_button.setEnabled(bool(found))

    def _template(self, item: QListWidgetItem | None) -> GoalTemplate | None:
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((t for t in self.templates if t.key == key), None)

    def _preview(self, item: QListWidgetItem | None) -> None:
        template = self._template(item)
        if template is None:
            self.preview.clear()
            return
        lines = [
            template.statement,
            "",
            f"Client's words: {template.client_words}" if template.client_words else "",
            " · ".join((template.category.label, template.horizon.label, template.kind.label)),
        ]
        if template.measure_name:
            way = {Direction.DECREASE: "lower is better", Direction.INCREASE: "higher is better"}
            direction = f" ({way[template.direction]})" if template.direction else ""
            lines.append(f"Measure: {template.measure_name}, {template.measure_unit}{direction}")
        if template.objectives:
            lines += ["", "Objectives:", *(f"• {text}" for text in template.objectives)]
        if template.interventions:
            lines += ["", "Interventions:", *(f"• {text}" for text in template.interventions)]
        self.preview.setPlainText("\n".join(line for line in lines if line is not None))

    def accept(self) -> None:
        self.chosen = self._template(self.list.currentItem())
        if self.chosen is None:
            self.message.show_message("Choose a template first, or Cancel.")
            return
        super().accept()


class SaveTemplateDialog(QDialog):
    """Name a goal to keep it in the clinician's own library (inside the vault)."""

    def __init__(self, vault: Vault, goal: GoalEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("save_template_dialog")
        self.setWindowTitle("Save goal to library")
        self._vault, self._goal = vault, goal
        self.saved: GoalTemplate | None = None
        self.fields = FieldSet(self)
        grid = QGridLayout()
        self.title = line_edit("template_title", max_length=120)
        self.title.setText(" ".join(goal.fields.get("statement", "").split())[:80])
        self.fields.add_row(grid, "title", "&Title in the library", self.title)
        self.message = MessageLabel("template_message")
        note = QLabel(
            "Saved with its wording, measure, objectives and interventions. Take out anything "
            "that identifies this client before saving: templates are reused for others."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save = buttons.addButton("&Save to library", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("template_save_button")
        save.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def template(self) -> GoalTemplate:
        values = self._goal.fields
        direction = values.get("direction", "")
        return GoalTemplate(
            key="",
            category=GoalCategory(values.get("category") or GoalCategory.SYMPTOM.value),
            title=self.title.text(),
            statement=values.get("statement", ""),
            client_words=values.get("client_words", ""),
            horizon=GoalHorizon(values.get("horizon") or GoalHorizon.LONG_TERM.value),
            kind=GoalKind(values.get("kind") or GoalKind.OUTCOME.value),
            measure_name=values.get("measure_name", ""),
            measure_unit=values.get("measure_unit", ""),
            direction=Direction(direction) if direction else None,
            objectives=tuple(
                o.fields.get("statement", "")
                for o in self._goal.objectives
                if o.fields.get("statement", "").strip()
            ),
            interventions=tuple(
                i.fields.get("description", "")
                for i in self._goal.interventions
                if i.fields.get("description", "").strip()
            ),
            mine=True,
        )

    def accept(self) -> None:
        try:
            self.saved = goal_library.save_template(self._vault, self.template())
        except ValidationError as error:
            leftover = self.fields.show_errors(error.fields)
            if leftover:
                self.message.show_message(" ".join(leftover.values()))
            return
        except (PracticePlannerError, OSError) as error:
            self.message.show_message(error_text(error))
            return
        super().accept()


def save_goal_as_template(vault: Vault, goal: GoalEdit, parent: QWidget) -> str:
    """Ask for a title and save; the message to show afterwards ("" if cancelled)."""
    dialog = SaveTemplateDialog(vault, goal, parent)
    if dialog.exec() and dialog.saved is not None:
        return "Saved to your goal library."
    return ""
