"""The legend: one accessible, keyboard-operable toggle per category, with counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from corpus.vocabulary import CATEGORIES
from desktop.theme import DARK
from desktop.views.labels import category_counts
from desktop.views.legend import LegendBar
from tests.desktop.sample_articles import TREATY_ARTICLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def legend(qtbot) -> LegendBar:
    bar = LegendBar()
    qtbot.addWidget(bar)
    bar.set_counts(category_counts(TREATY_ARTICLE.annotations))
    bar.resize(500, 120)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def test_one_checked_toggle_per_category_with_counts(legend: LegendBar) -> None:
    for category in CATEGORIES:
        button = legend.toggle_button(category)
        assert button.isCheckable() and button.isChecked()
        assert button.text().endswith(str(legend.counts()[category]))
        assert button.accessibleName() and button.accessibleDescription()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert not button.icon().isNull()
    assert legend.toggle_button("claim").text() == "Claim  7"
    assert "7 annotations" in legend.toggle_button("claim").accessibleName()
    assert "solid underline" in legend.toggle_button("claim").accessibleDescription()
    assert "wavy" in legend.toggle_button("loaded-language").accessibleDescription()


def test_click_emits_category_toggled(qtbot, legend: LegendBar) -> None:
    with qtbot.waitSignal(legend.category_toggled) as blocker:
        qtbot.mouseClick(legend.toggle_button("framing"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["framing", False]
    assert not legend.is_category_visible("framing")
    assert "hidden" in legend.toggle_button("framing").accessibleName()


def test_space_toggles_the_focused_button(qtbot, legend: LegendBar) -> None:
    button = legend.toggle_button("claim")
    with qtbot.waitSignal(legend.category_toggled) as blocker:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert blocker.args == ["claim", False]


def test_programmatic_change_is_silent(qtbot, legend: LegendBar) -> None:
    with qtbot.assertNotEmitted(legend.category_toggled):
        legend.set_category_visible("context", False)
    assert not legend.is_category_visible("context")


def test_wraps_when_narrow_and_restyles(legend: LegendBar) -> None:
    assert legend.heightForWidth(300) > legend.heightForWidth(2000)
    legend.set_theme(DARK)
    assert not legend.toggle_button("claim").icon().isNull()
