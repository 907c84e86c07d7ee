"""The one change broadcast (STYLE.md rule 4): after each write, `store_changed(changes, initiator)`."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class Changes:
    """What kinds of data a write touched; views refresh only for what concerns them."""

    articles: bool = False
    annotations: bool = False
    sources: bool = False
    questions: bool = False
    attempts: bool = False
    settings: bool = False

    @classmethod
    def everything(cls) -> Changes:
        return cls(True, True, True, True, True, True)


class AppEvents(QObject):
    store_changed = Signal(object, object)  # (Changes, initiator or None)
