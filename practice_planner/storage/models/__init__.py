"""Typed SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from practice_planner.storage.models.audit import AuditEvent, AuditHead
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.setting import Setting

__all__ = ["AuditEvent", "AuditHead", "Base", "Setting"]
