"""The annotation panel: model, reading order, selection, detail text, filter, citations."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from desktop.models.annotation_list import AnnotationListModel
from desktop.theme import DARK
from desktop.views.annotation_panel import AnnotationPanel
from tests.desktop.sample_articles import (
    SOURCES,
    TREATY_ARTICLE,
    TREATY_FINDINGS,
    TREATY_STATUSES,
    UNICODE_ARTICLE,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def panel(qtbot, opened: list[QUrl]) -> AnnotationPanel:
    view = AnnotationPanel(open_url=opened.append)
    qtbot.addWidget(view)
    view.resize(460, 800)
    view.set_annotations(
        TREATY_ARTICLE.annotations,
        sources=SOURCES,
        statuses=TREATY_STATUSES,
        findings=TREATY_FINDINGS,
    )
    view.show()
    qtbot.waitExposed(view)
    return view


def test_model_passes_the_model_tester(qtmodeltester) -> None:
    model = AnnotationListModel()
    model.set_annotations(TREATY_ARTICLE.annotations, TREATY_STATUSES)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    model.set_annotations([], {})
    qtmodeltester.check(model)


def test_model_roles(qtbot) -> None:
    model = AnnotationListModel()
    model.set_annotations(TREATY_ARTICLE.annotations, TREATY_STATUSES)
    index = model.index(0)
    record = TREATY_ARTICLE.annotations[0]
    assert index.data(AnnotationListModel.IdRole) == record.id
    assert index.data(AnnotationListModel.RecordRole) is record
    assert index.data(AnnotationListModel.CategoryRole) == "claim"
    assert index.data(AnnotationListModel.VerdictRole) == "accurate"
    assert index.data(AnnotationListModel.StatusRole) == "warnings"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Claim, Accurate, check: warnings."
    )
    assert model.data(QModelIndex()) is None
    assert model.row_of("nope") == -1 and model.annotation_at(99) is None


def test_list_is_in_reading_order_with_orphans_last(panel: AnnotationPanel) -> None:
    ids = panel.visible_ids()
    records = {a.id: a for a in TREATY_ARTICLE.annotations}
    anchored = [i for i in ids if records[i].anchor_state != "orphaned"]
    assert [records[i].position.start for i in anchored] == sorted(
        records[i].position.start for i in anchored
    )
    assert ids[-1] == "treaty-ink-deal-14"  # orphaned
    assert len(ids) == len(TREATY_ARTICLE.annotations)


def test_clicking_an_item_selects_it_and_shows_the_detail(qtbot, panel: AnnotationPanel) -> None:
    row = panel.visible_ids().index("treaty-ink-deal-03")
    rect = panel.list_view.visualRect(panel.list_view.model().index(row, 0))
    with qtbot.waitSignal(panel.annotation_selected) as blocker:
        qtbot.mouseClick(panel.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["treaty-ink-deal-03"]
    assert panel.current_annotation() == "treaty-ink-deal-03"
    text = panel.detail_text()
    assert "✗ Inaccurate" in text  # verdict word and symbol
    assert "✓ checked" in text  # check badge
    assert "which was established during the conflict in Ukraine" in text
    assert "The Russia–North Korea relationship was established during the war in Ukraine." in text
    assert "Moscow's ties with Pyongyang date from 1948" in text  # the note
    assert "The war deepened the relationship" in text  # a list item of the note
    assert "✗ refutes" in text
    assert "TASS — Ushakov on the documents the new treaty replaces (17 June 2024)" in text
    assert "United Nations Treaty Series — Treaty of Friendship" in text
    assert "UNTS No. 6045" in text  # the offline locator
    assert "Source-checked" in text


def test_detail_links_evidence_and_findings(
    qtbot, panel: AnnotationPanel, opened: list[QUrl]
) -> None:
    panel.select_annotation("treaty-ink-deal-01")
    text = panel.detail_text()
    assert "✓ supports" in text
    assert (
        "KCNA via KCNA Watch — DPRK-Russia Treaty on Comprehensive Strategic Partnership (20 June 2024)"
        in text
    )
    assert "“military and other assistance with all means in its possession without delay”" in text
    assert "Article 4" in text
    assert "⚠ Warning" in text and "rests only on state-media sources" in text
    html = panel.detail_view.toHtml()
    assert 'href="https://kcnawatch.org/newstream/' in html
    panel.detail_view.anchorClicked.emit(QUrl(SOURCES["kcna-treaty-text"].url))
    panel.detail_view.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert opened == [QUrl(SOURCES["kcna-treaty-text"].url)]


def test_orphaned_detail_says_so(panel: AnnotationPanel) -> None:
    panel.select_annotation("treaty-ink-deal-14")
    text = panel.detail_text()
    assert "⊘ orphaned" in text
    assert "lost its place in the text" in text
    assert "✗ Error" in text


def test_hostile_note_is_escaped(qtbot) -> None:
    record = dataclasses.replace(
        UNICODE_ARTICLE.annotations[0],
        note="<script>alert(1)</script> **ok** [x](javascript:alert(1))",
        claim_reviewed="<b>not bold</b>",
    )
    view = AnnotationPanel()
    qtbot.addWidget(view)
    view.set_annotations([record])
    view.select_annotation(record.id)
    text = view.detail_text()
    assert "<script>alert(1)</script>" in text
    assert "<b>not bold</b>" in text
    assert "[x](javascript:alert(1))" in text
    assert "javascript" not in "".join(a for a in view.detail_view.toHtml().split('href="')[1:2])


def test_category_filter(qtbot, panel: AnnotationPanel) -> None:
    combo = panel.filter_combo
    assert combo.itemText(0) == "All categories (14)"
    assert "Claim (7)" in [combo.itemText(i) for i in range(combo.count())]
    panel.set_category_filter("loaded-language")
    assert panel.visible_ids() == ["treaty-ink-deal-05", "treaty-ink-deal-11"]
    assert panel.category_filter() == "loaded-language"
    # Selecting a filtered-out annotation (e.g. from a click in the reader) clears the filter.
    with qtbot.waitSignal(panel.annotation_selected) as blocker:
        assert panel.select_annotation("treaty-ink-deal-03")
    assert blocker.args == ["treaty-ink-deal-03"]
    assert panel.category_filter() is None
    assert len(panel.visible_ids()) == 14
    # Filtering away the selection clears the detail.
    panel.set_category_filter("vocabulary")
    assert panel.current_annotation() is None
    assert "Select an annotation" in panel.detail_text()


def test_citation_text_and_copy_button(qtbot, panel: AnnotationPanel) -> None:
    assert not panel.copy_button.isEnabled()
    panel.select_annotation("treaty-ink-deal-03")
    assert panel.copy_button.isEnabled()
    expected = (
        "TASS — Ushakov on the documents the new treaty replaces (17 June 2024). "
        "Ushakov's list of treaties. https://tass.com/politics/1804627/amp\n"
        "United Nations Treaty Series — Treaty of Friendship, Co-operation and Mutual Assistance (1961) "
        "(6 July 1961). UNTS No. 6045. UNTS No. 6045"
    )
    assert panel.citation_text() == expected
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == expected
    panel.select_annotation("treaty-ink-deal-02")  # no citations
    assert not panel.copy_button.isEnabled()
    assert panel.citation_text() == ""


def test_keyboard_moves_the_selection(qtbot, panel: AnnotationPanel) -> None:
    panel.select_annotation(panel.visible_ids()[0])
    panel.list_view.setFocus()
    with qtbot.waitSignal(panel.annotation_selected) as blocker:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Down)
    assert blocker.args == [panel.visible_ids()[1]]


def test_accessible_names_and_theme(panel: AnnotationPanel) -> None:
    for widget in (
        panel.list_view,
        panel.filter_combo,
        panel.copy_button,
        panel.detail_view,
        panel,
    ):
        assert widget.accessibleName()
    panel.select_annotation("treaty-ink-deal-03")
    panel.set_theme(DARK)
    assert "✗ Inaccurate" in panel.detail_text()
    assert DARK.verdict("inaccurate").background.lower() in panel.detail_view.toHtml().lower()


def test_refresh_keeps_the_selection_quietly(qtbot, panel: AnnotationPanel) -> None:
    panel.select_annotation("treaty-ink-deal-07")
    with qtbot.assertNotEmitted(panel.annotation_selected):
        panel.set_annotations(TREATY_ARTICLE.annotations, sources=SOURCES, statuses={})
    assert panel.current_annotation() == "treaty-ink-deal-07"
    assert "which has resulted in a slew of UN sanctions against Moscow" in panel.detail_text()
    assert panel.list_view.currentIndex().data(AnnotationListModel.IdRole) == "treaty-ink-deal-07"
