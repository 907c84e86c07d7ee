"""The reader: highlights land on the right characters, clicks and keys, toggles, zoom, themes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QTextCursor

from corpus.records import ArticleRecord
from desktop.theme import DARK, LIGHT
from desktop.views.reader import ReaderView
from tests.desktop.sample_articles import TREATY_ARTICLE, TREATY_STATUSES, UNICODE_ARTICLE

# Showing a top-level window on the offscreen platform logs this; it is not an app problem.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

IDS = ReaderView.IDS_PROPERTY


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def reader(qtbot, opened: list[QUrl]) -> ReaderView:
    view = ReaderView(open_url=opened.append)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.set_article(
        UNICODE_ARTICLE, statuses={"unicode-01": "checked"}, summary="7 annotations · 1 orphaned"
    )
    view.show()
    qtbot.waitExposed(view)
    return view


def raw_slice(view: ReaderView, start: int, end: int) -> str:
    """Document text between two Qt positions (UTF-16 units), without Qt's nbsp → space."""
    raw = view.browser.document().toRawText()
    return raw.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def char_format(view: ReaderView, position: int):
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def annotation(article: ArticleRecord, annotation_id: str):
    return next(a for a in article.annotations if a.id == annotation_id)


def click_position(view: ReaderView, position: int) -> QPoint:
    """The centre of the cursor rectangle at a document position (the left edge of that char)."""
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(position)
    return view.browser.cursorRect(cursor).center()


# ------------------------------------------------------------------ where highlights land


def test_highlight_ranges_cover_exactly_the_quotes(reader: ReaderView) -> None:
    ranges = {i: (s, e) for i, s, e in reader.highlight_ranges()}
    assert set(ranges) == {
        "unicode-01",
        "unicode-02",
        "unicode-03",
        "unicode-04",
        "unicode-05",
        "unicode-06",
    }
    for annotation_id, (start, end) in ranges.items():
        quote = annotation(UNICODE_ARTICLE, annotation_id).quote.exact
        assert raw_slice(reader, start, end) == quote.replace("\n", "\u2028"), annotation_id


def test_qt_positions_count_utf16_units(reader: ReaderView) -> None:
    body_map = reader.body_map()
    deal = annotation(UNICODE_ARTICLE, "unicode-01")  # after one emoji in the same paragraph
    start, end = reader.document_range("unicode-01")
    assert start == body_map.first_position + deal.position.start + 1  # the emoji is two units
    assert end - start == len(deal.quote.exact)  # curly quotes are one unit each
    two_emoji = annotation(UNICODE_ARTICLE, "unicode-04")
    start, end = reader.document_range("unicode-04")
    assert end - start == len(two_emoji.quote.exact) + 2


def test_formats_land_on_nbsp_curly_quotes_and_emoji(reader: ReaderView) -> None:
    claim_tint = QColor(LIGHT.categories["claim"].tint)
    start, end = reader.document_range("unicode-01")  # “deal”, curly quotes included
    for position in range(start, end):
        fmt = char_format(reader, position)
        assert fmt.property(IDS) == ["unicode-01"]
        assert fmt.background().color() == claim_tint
        assert fmt.underlineStyle() == LIGHT.categories["claim"].underline_style
        assert fmt.underlineColor() == QColor(LIGHT.categories["claim"].underline)
    assert not char_format(reader, start - 1).property(IDS)  # the space before “deal”

    start, end = reader.document_range("unicode-02")  # was<NBSP>signed
    nbsp = start + 3
    assert raw_slice(reader, nbsp, nbsp + 1) == "\u00a0"
    assert char_format(reader, nbsp).property(IDS) == ["unicode-02"]
    assert (
        char_format(reader, nbsp).underlineStyle()
        == LIGHT.categories["loaded-language"].underline_style
    )
    assert not char_format(reader, end).property(IDS)  # the full stop after "signed"

    start, end = reader.document_range("unicode-04")  # 😀😀 one
    for position in range(start, start + 4):  # both emoji, both halves
        assert char_format(reader, position).property(IDS) == ["unicode-04"]
    assert not char_format(reader, start - 1).property(IDS)


def test_overlap_keeps_both_visible(reader: ReaderView) -> None:
    four_start, four_end = reader.document_range("unicode-04")
    five_start, _five_end = reader.document_range("unicode-05")
    assert five_start < four_end  # they share "one"
    shared = char_format(reader, five_start)
    assert set(shared.property(IDS)) == {"unicode-04", "unicode-05"}
    assert shared.property(IDS)[0] == "unicode-04"  # the shorter span is on top
    assert shared.fontOverline()  # the cue that two annotations overlap
    alone = char_format(reader, four_start)
    assert not alone.fontOverline()
    after = char_format(reader, four_end)
    assert after.property(IDS) == ["unicode-05"] and not after.fontOverline()
    assert after.background().color() == QColor(LIGHT.categories["claim"].tint)


def test_question_category_is_italic_and_spans_a_line_break(reader: ReaderView) -> None:
    start, end = reader.document_range("unicode-06")
    assert "\u2028" in raw_slice(reader, start, end)
    assert all(char_format(reader, p).fontItalic() for p in range(start, end))


def test_orphaned_annotations_are_not_highlighted(reader: ReaderView) -> None:
    assert "unicode-07" not in reader.visible_annotations()
    assert reader.document_range("unicode-07") is None
    raw = reader.browser.document().toRawText()
    first = raw.index("first")
    assert not char_format(reader, first).property(IDS)
    assert reader.select_annotation("unicode-07") is False


def test_body_html_shows_literally(reader: ReaderView) -> None:
    raw = reader.browser.document().toRawText()
    assert "<b>not bold</b>" in raw
    assert "<script>alert(1)</script>" in raw
    assert "Offsets <i>and</i> “quotes” 😀" in raw  # the title is plain text too
    position = raw.index("not bold")
    assert char_format(reader, position).fontWeight() == QFont.Weight.Normal
    assert "<script" not in reader.browser.toHtml().replace("&lt;script", "")


def test_header_shows_meta_and_summary(reader: ReaderView) -> None:
    raw = reader.browser.document().toRawText()
    assert "Test Outlet" in raw
    assert "June 2024" in raw
    assert "1 min read" in raw
    assert "Reading grade" in raw
    assert "7 annotations · 1 orphaned" in raw
    reader.set_article(TREATY_ARTICLE)
    assert "date unknown" in reader.browser.document().toRawText()


def test_a_new_article_opens_at_the_top(qtbot) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.set_article(TREATY_ARTICLE)
    view.show()
    qtbot.waitExposed(view)
    view.resize(640, 320)  # a resize must not jump to where the insertions left the cursor
    qtbot.wait(10)
    assert view.browser.verticalScrollBar().value() == 0
    assert view.browser.verticalScrollBar().maximum() > 0


def test_seed_article_quotes_all_land(qtbot) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    view.set_article(TREATY_ARTICLE, statuses=TREATY_STATUSES)
    ranges = view.highlight_ranges()
    assert len(ranges) == len(TREATY_ARTICLE.annotations) - 1  # one is orphaned
    for annotation_id, start, end in ranges:
        quote = annotation(TREATY_ARTICLE, annotation_id).quote.exact
        assert raw_slice(view, start, end) == quote
        assert annotation_id in char_format(view, start).property(IDS)
        assert annotation_id in char_format(view, end - 1).property(IDS)


# ------------------------------------------------------------------ mouse


def test_click_on_highlight_emits_its_id(qtbot, reader: ReaderView) -> None:
    start, _end = reader.document_range("unicode-02")
    point = click_position(reader, start + 5)  # inside "signed"
    with qtbot.waitSignal(reader.annotation_activated, timeout=1000) as blocker:
        qtbot.mouseClick(reader.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["unicode-02"]
    assert reader.current_annotation() == "unicode-02"


def test_click_on_overlap_steps_through_the_annotations(qtbot, reader: ReaderView) -> None:
    five_start, _ = reader.document_range("unicode-05")
    point = click_position(reader, five_start + 1)
    seen = []
    reader.annotation_activated.connect(seen.append)
    for _ in range(3):
        qtbot.mouseClick(reader.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert seen == ["unicode-04", "unicode-05", "unicode-04"]


def test_click_outside_highlights_emits_nothing(qtbot, reader: ReaderView) -> None:
    raw = reader.browser.document().toRawText()
    point = click_position(reader, raw.index("Mood") + 1)
    with qtbot.assertNotEmitted(reader.annotation_activated):
        qtbot.mouseClick(reader.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_hover_reports_the_annotation_and_has_a_note(qtbot, reader: ReaderView) -> None:
    start, _ = reader.document_range("unicode-01")
    assert reader.annotation_ids_at(click_position(reader, start + 2)) == ("unicode-01",)
    with qtbot.waitSignal(reader.annotation_hovered, timeout=1000) as blocker:
        qtbot.mouseMove(reader.browser.viewport(), click_position(reader, start + 2))
    assert blocker.args == ["unicode-01"]
    tip = reader.hover_text(("unicode-01",))
    assert (
        "Claim" in tip
        and "Accurate" in tip
        and "checked" in tip
        and "Curly quotes included." in tip
    )


def test_source_link_opens_only_http(reader: ReaderView, opened: list[QUrl]) -> None:
    reader.browser.anchorClicked.emit(QUrl("https://example.org/a"))
    reader.browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    reader.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == [QUrl("https://example.org/a")]


# ------------------------------------------------------------------ navigation


def test_next_and_previous_follow_reading_order(reader: ReaderView) -> None:
    order = reader.visible_annotations()
    starts = [reader.document_range(i)[0] for i in order]
    assert starts == sorted(starts)
    assert [reader.next_annotation() for _ in order] == order
    assert reader.next_annotation() is None  # stays on the last one
    assert reader.current_annotation() == order[-1]
    assert [reader.previous_annotation() for _ in order[:-1]] == order[-2::-1]
    assert reader.previous_annotation() is None


def test_bracket_and_alt_arrow_keys(qtbot, reader: ReaderView) -> None:
    order = reader.visible_annotations()
    browser = reader.browser
    qtbot.keyClick(browser, "]")
    assert reader.current_annotation() == order[0]
    qtbot.keyClick(browser, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert reader.current_annotation() == order[1]
    qtbot.keyClick(browser, "]")
    assert reader.current_annotation() == order[2]
    qtbot.keyClick(browser, "[")
    qtbot.keyClick(browser, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert reader.current_annotation() == order[0]
    with qtbot.waitSignal(reader.annotation_activated) as blocker:
        qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert blocker.args == [order[0]]


def test_select_scrolls_and_flashes(qtbot) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_article(TREATY_ARTICLE)
    view.show()
    qtbot.waitExposed(view)
    last = view.visible_annotations()[-1]
    with qtbot.waitSignal(view.current_annotation_changed) as blocker:
        assert view.select_annotation(last)
    assert blocker.args == [last]
    assert view.browser.verticalScrollBar().value() > 0
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(view.document_range(last)[0])
    assert 0 <= view.browser.cursorRect(cursor).top() < view.browser.viewport().height()
    assert view.is_flashing()
    selections = view.browser.extraSelections()
    assert len(selections) == 1
    assert (
        selections[0].cursor.selectionStart(),
        selections[0].cursor.selectionEnd(),
    ) == view.document_range(last)
    style = LIGHT.category(annotation(TREATY_ARTICLE, last).category)
    assert selections[0].format.background().color() == QColor(style.flash)
    qtbot.waitUntil(lambda: not view.is_flashing(), timeout=3000)
    assert view.browser.extraSelections()[0].format.background().color() == QColor(style.focus)


# ------------------------------------------------------------------ toggles, filter, zoom, theme


def test_category_toggle_hides_and_restores(reader: ReaderView) -> None:
    start, end = reader.document_range("unicode-01")
    reader.select_annotation("unicode-01")
    reader.set_category_visible("claim", False)
    assert "unicode-01" not in reader.visible_annotations()
    assert "unicode-05" not in reader.visible_annotations()
    assert not reader.is_category_visible("claim")
    assert not char_format(reader, start).property(IDS)
    assert char_format(reader, start).background().style() == Qt.BrushStyle.NoBrush
    assert reader.current_annotation() is None  # the current one was hidden
    # Where a hidden claim overlapped a vocabulary note, only the vocabulary note is left.
    five_start, _ = reader.document_range("unicode-05")
    assert char_format(reader, five_start).property(IDS) == ["unicode-04"]
    assert not char_format(reader, five_start).fontOverline()
    reader.set_category_visible("claim", True)
    assert char_format(reader, start).property(IDS) == ["unicode-01"]
    assert char_format(reader, end - 1).property(IDS) == ["unicode-01"]


def test_annotation_filter(reader: ReaderView) -> None:
    reader.set_annotation_filter(["unicode-03"])
    assert reader.visible_annotations() == ["unicode-03"]
    reader.set_annotation_filter(None)
    assert len(reader.visible_annotations()) == 6


def test_zoom_keeps_highlights(qtbot, reader: ReaderView) -> None:
    before = reader.browser.document().defaultFont().pointSizeF()
    ranges = reader.highlight_ranges()
    qtbot.keyClick(reader.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() > 1.0
    assert reader.browser.document().defaultFont().pointSizeF() > before
    assert reader.highlight_ranges() == ranges
    start, _ = reader.document_range("unicode-02")
    assert char_format(reader, start).property(IDS) == ["unicode-02"]
    qtbot.keyClick(reader.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() < 1.0
    qtbot.keyClick(reader.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == 1.0
    assert reader.browser.document().defaultFont().pointSizeF() == pytest.approx(before)
    for _ in range(30):
        reader.zoom_in()
    assert reader.zoom_factor() == ReaderView.ZOOM_STEPS[-1]


def test_text_column_is_about_seventy_characters(reader: ReaderView) -> None:
    frame = reader.browser.document().rootFrame().frameFormat()
    width = reader.browser.viewport().width() - frame.leftMargin() - frame.rightMargin()
    average = reader.browser.fontMetrics().averageCharWidth()
    assert 50 <= width / average <= 90
    assert frame.leftMargin() == pytest.approx(frame.rightMargin())
    block = reader.browser.document().lastBlock().blockFormat()
    assert block.lineHeight() == 150


def test_theme_switch_recolours(reader: ReaderView) -> None:
    start, _ = reader.document_range("unicode-01")
    reader.set_theme(DARK)
    assert char_format(reader, start).background().color() == QColor(DARK.categories["claim"].tint)
    assert char_format(reader, start).property(IDS) == ["unicode-01"]
    assert reader.theme() is DARK


def test_selected_body_range_maps_back_to_code_points(reader: ReaderView) -> None:
    target = annotation(UNICODE_ARTICLE, "unicode-04")  # starts with two emoji
    start, end = reader.document_range("unicode-04")
    cursor = QTextCursor(reader.browser.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)
    assert reader.selected_body_range() == (target.position.start, target.position.end)


def test_empty_reader(qtbot) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    assert view.visible_annotations() == []
    assert view.next_annotation() is None
    assert "No article open" in view.browser.document().toRawText()
