"""Compare view: linked claims follow each other across the two readers; the framing profile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.views.compare import CompareView
from desktop.views.labels import category_counts, verdict_counts
from tests.desktop.sample_articles import DETAILS_ARTICLE, TREATY_ARTICLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def compare(qtbot) -> CompareView:
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1300, 850)
    view.set_articles(
        TREATY_ARTICLE,
        DETAILS_ARTICLE,
        left_summary="14 annotations",
        right_summary="10 annotations",
    )
    view.show()
    qtbot.waitExposed(view)
    return view


def test_links_follow_claim_keys(compare: CompareView) -> None:
    assert compare.linked_annotations("treaty-ink-deal-01") == [
        "details-of-deal-03"
    ]  # mutual-assistance
    assert compare.linked_annotations("details-of-deal-05") == ["treaty-ink-deal-04"]  # visit-dates
    assert compare.linked_annotations("treaty-ink-deal-03") == []  # only in the left article
    assert compare.linked_annotations("treaty-ink-deal-02") == []  # no claim key


def test_selecting_left_claim_selects_the_linked_right_claim(qtbot, compare: CompareView) -> None:
    with qtbot.waitSignal(compare.linked_claim_selected) as blocker:
        compare.left_reader.select_annotation("treaty-ink-deal-01")
    assert blocker.args == ["treaty-ink-deal-01", "details-of-deal-03"]
    assert compare.right_reader.current_annotation() == "details-of-deal-03"
    assert compare.left_reader.current_annotation() == "treaty-ink-deal-01"  # no echo back


def test_clicking_a_right_claim_scrolls_the_left_reader(qtbot, compare: CompareView) -> None:
    right = compare.right_reader
    start, _ = right.document_range("details-of-deal-05")
    cursor = QTextCursor(right.browser.document())
    cursor.setPosition(start + 2)
    right.browser.ensureCursorVisible()
    point = right.browser.cursorRect(cursor).center()
    with qtbot.waitSignal(compare.linked_claim_selected):
        qtbot.mouseClick(right.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    left = compare.left_reader
    assert left.current_annotation() == "treaty-ink-deal-04"
    cursor = QTextCursor(left.browser.document())
    cursor.setPosition(left.document_range("treaty-ink-deal-04")[0])
    assert 0 <= left.browser.cursorRect(cursor).top() < left.browser.viewport().height()


def test_unlinked_claim_leaves_the_other_reader_alone(qtbot, compare: CompareView) -> None:
    compare.right_reader.select_annotation("details-of-deal-03")
    with qtbot.assertNotEmitted(compare.linked_claim_selected):
        compare.left_reader.select_annotation("treaty-ink-deal-07")
    assert compare.right_reader.current_annotation() == "details-of-deal-03"


def test_select_annotation_finds_the_side(compare: CompareView) -> None:
    assert compare.select_annotation("details-of-deal-03")
    assert compare.left_reader.current_annotation() == "treaty-ink-deal-01"
    assert not compare.select_annotation("nope")


def test_framing_profile_counts_per_category_and_verdict(compare: CompareView) -> None:
    profile = compare.framing_profile()
    left_c, right_c = (
        category_counts(TREATY_ARTICLE.annotations),
        category_counts(DETAILS_ARTICLE.annotations),
    )
    assert profile["Claim"] == (left_c["claim"], right_c["claim"]) == (7, 4)
    assert profile["Attribution"] == (1, 3)
    assert profile["Loaded language"] == (2, 1)
    left_v, right_v = (
        verdict_counts(TREATY_ARTICLE.annotations),
        verdict_counts(DETAILS_ARTICLE.annotations),
    )
    assert profile["Inaccurate"] == (left_v["inaccurate"], right_v["inaccurate"]) == (2, 1)
    assert profile["Unverified"] == (1, 2)
    table = compare.category_table
    assert table.horizontalHeaderItem(0).text() == "Freedom Triumph"
    assert table.horizontalHeaderItem(1).text() == "Watchdog Report"
    assert (
        table.item(0, 0).font().bold()
    )  # 7 claims against 4: the larger count is bold, not only coloured
    assert table.accessibleName() and compare.verdict_table.accessibleName()
