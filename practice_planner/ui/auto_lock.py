"""Lock after N idle minutes: a single-shot timer that any keyboard or mouse input restarts.

The filter sits on the whole application, so typing in a dialog or a menu counts as activity as
much as typing in the main window. It never consumes an event.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class AutoLock(QObject):
    """Emits ``idle`` once the user has done nothing for ``minutes``; off until ``start()``."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, minutes: int = 10) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setObjectName("auto_lock_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)
        self.set_minutes(minutes)
        self._installed = False

    @property
    def minutes(self) -> float:
        return self.timer.interval() / 60_000

    def set_minutes(self, minutes: float) -> None:
        self.set_interval_ms(round(minutes * 60_000))

    def set_interval_ms(self, milliseconds: int) -> None:
        """Change the idle time; a running countdown starts over with the new length."""
        self.timer.setInterval(max(1, milliseconds))
        if self.timer.isActive():
            self.timer.start()

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def _expired(self) -> None:
        self.stop()
        self.idle.emit()
