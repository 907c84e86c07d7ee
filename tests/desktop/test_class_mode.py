"""Class mode: Space reveals the next annotation in reading order, Backspace hides it, Esc leaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.theme import DARK
from desktop.views.class_mode import ClassModeView
from tests.desktop.sample_articles import TREATY_ARTICLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def class_mode(qtbot) -> ClassModeView:
    view = ClassModeView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.set_article(TREATY_ARTICLE)
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    return view


def test_starts_with_everything_hidden(class_mode: ClassModeView) -> None:
    assert class_mode.revealed_ids() == []
    assert class_mode.reader.visible_annotations() == []
    order = class_mode.order()
    assert "treaty-ink-deal-14" not in order  # orphaned: never revealed
    starts = [
        next(a for a in TREATY_ARTICLE.annotations if a.id == i).position.start for i in order
    ]
    assert starts == sorted(starts)


def test_space_reveals_and_backspace_hides(qtbot, class_mode: ClassModeView) -> None:
    order = class_mode.order()
    with qtbot.waitSignal(class_mode.annotation_revealed) as blocker:
        qtbot.keyClick(class_mode, Qt.Key.Key_Space)
    assert blocker.args == [order[0]]
    qtbot.keyClick(class_mode, Qt.Key.Key_Space)
    qtbot.keyClick(class_mode, Qt.Key.Key_Space)
    assert class_mode.revealed_ids() == order[:3]
    assert class_mode.reader.visible_annotations() == sorted(order[:3], key=order.index)
    assert class_mode.reader.current_annotation() == order[2]
    qtbot.keyClick(class_mode, Qt.Key.Key_Backspace)
    assert class_mode.revealed_ids() == order[:2]
    assert order[2] not in class_mode.reader.visible_annotations()
    assert class_mode.reader.current_annotation() == order[1]
    qtbot.keyClick(class_mode, Qt.Key.Key_Backspace)
    qtbot.keyClick(class_mode, Qt.Key.Key_Backspace)
    qtbot.keyClick(class_mode, Qt.Key.Key_Backspace)  # nothing left to hide
    assert class_mode.revealed_ids() == []


def test_reveal_all_then_stop(qtbot, class_mode: ClassModeView) -> None:
    order = class_mode.order()
    for _ in range(len(order) + 3):
        qtbot.keyClick(class_mode, Qt.Key.Key_Space)
    assert class_mode.revealed_ids() == order
    assert class_mode.reveal_next() is None


def test_presenter_remote_keys(qtbot, class_mode: ClassModeView) -> None:
    qtbot.keyClick(class_mode, Qt.Key.Key_PageDown)
    qtbot.keyClick(class_mode, Qt.Key.Key_Right)
    assert len(class_mode.revealed_ids()) == 2
    qtbot.keyClick(class_mode, Qt.Key.Key_PageUp)
    assert len(class_mode.revealed_ids()) == 1


def test_escape_requests_exit(qtbot, class_mode: ClassModeView) -> None:
    with qtbot.waitSignal(class_mode.exit_requested, timeout=1000):
        qtbot.keyClick(class_mode, Qt.Key.Key_Escape)


def test_note_of_the_current_annotation_is_shown_large(qtbot, class_mode: ClassModeView) -> None:
    class_mode.reveal_next()
    first = next(a for a in TREATY_ARTICLE.annotations if a.id == class_mode.order()[0])
    quotes = [
        label for label in class_mode.findChildren(QLabel) if first.quote.exact in label.text()
    ]
    assert len(quotes) == 1
    qtbot.waitUntil(quotes[0].isVisible, timeout=1000)
    assert quotes[0].font().pointSizeF() >= 16  # projector-sized
    assert "Attribution" in [label.text() for label in class_mode.findChildren(QLabel)]
    qtbot.keyClick(class_mode, Qt.Key.Key_Space)
    second = next(a for a in TREATY_ARTICLE.annotations if a.id == class_mode.order()[1])
    texts = [label.text() for label in class_mode.findChildren(QLabel)]
    assert any(second.quote.exact in t for t in texts)
    assert not any(first.quote.exact in t for t in texts)


def test_large_type_and_theme(class_mode: ClassModeView) -> None:
    assert class_mode.reader.point_size() >= 18
    class_mode.set_theme(DARK)
    assert class_mode.reader.theme() is DARK
    assert class_mode.accessibleName() == "Class mode"
