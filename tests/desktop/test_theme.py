"""Theme colours meet WCAG contrast in both themes, and nothing is told by colour alone."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QPalette

from corpus.vocabulary import CATEGORIES, CATEGORY_LABELS, RELATIONS, VERDICT_LABELS, VERDICTS
from desktop.theme import (
    DARK,
    LIGHT,
    THEMES,
    Theme,
    build_palette,
    contrast_ratio,
    reading_font,
    reading_font_family,
    relative_luminance,
    style_sheet,
    theme_named,
)

TEXT = 4.5  # WCAG 1.4.3 AA, normal text
MARK = 3.0  # WCAG 1.4.11 AA, non-text marks (underlines, focus rings)
BOTH = pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])


def test_contrast_ratio_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(
        4.48, abs=0.01
    )  # the classic near miss
    # Okabe–Ito blue on white, as measured in research/annotation-anchors.md §A8.2
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(5.19, abs=0.01)
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        relative_luminance("#FFF")


@BOTH
def test_page_and_chrome_text_contrast(theme: Theme) -> None:
    pairs = {
        "text on page": (theme.text, theme.page),
        "window text on window": (theme.window_text, theme.window),
        "muted on page": (theme.muted, theme.page),
        "muted on window": (theme.muted, theme.window),
        "muted on alternate rows": (theme.muted, theme.alternate),
        "text on buttons": (theme.text, theme.button),
        "link on page": (theme.link, theme.page),
        "selected text": (theme.selection_text, theme.selection),
        "tooltip": (theme.tooltip_text, theme.tooltip),
    }
    for name, (fg, bg) in pairs.items():
        assert contrast_ratio(fg, bg) >= TEXT, (
            f"{theme.name}: {name} is {contrast_ratio(fg, bg):.2f}:1"
        )


@BOTH
def test_focus_ring_is_visible(theme: Theme) -> None:
    assert contrast_ratio(theme.accent, theme.page) >= MARK
    assert contrast_ratio(theme.accent, theme.window) >= MARK
    assert ":focus" in style_sheet(theme)


@BOTH
def test_category_highlights_keep_text_readable_and_underlines_visible(theme: Theme) -> None:
    for category in CATEGORIES:
        style = theme.categories[category]
        assert contrast_ratio(theme.text, style.tint) >= TEXT, (
            f"{theme.name} {category}: text on tint"
        )
        assert contrast_ratio(style.underline, theme.page) >= MARK, (
            f"{theme.name} {category}: underline vs page"
        )
        assert contrast_ratio(style.underline, style.tint) >= MARK, (
            f"{theme.name} {category}: underline vs tint"
        )
        assert contrast_ratio(theme.text, style.focus) >= TEXT, (
            f"{theme.name} {category}: text on focus"
        )
        assert contrast_ratio(style.flash_text, style.flash) >= TEXT, (
            f"{theme.name} {category}: flash"
        )


@BOTH
def test_categories_differ_by_more_than_colour(theme: Theme) -> None:
    cues = {(s.underline_style, s.italic) for s in theme.categories.values()}
    assert len(cues) == len(CATEGORIES), (
        "every category needs its own line style (or line style + italics)"
    )
    assert {s.label for s in theme.categories.values()} == set(CATEGORY_LABELS.values())
    assert len({s.tint for s in theme.categories.values()}) == len(CATEGORIES)
    for style in theme.categories.values():
        assert style.colour_name and style.line_name


@BOTH
def test_chips_carry_a_word_and_readable_colours(theme: Theme) -> None:
    for verdict in VERDICTS:
        chip = theme.verdict(verdict)
        assert chip.word == VERDICT_LABELS[verdict]
        assert chip.symbol and chip.text == f"{chip.symbol} {chip.word}"
        assert contrast_ratio(chip.foreground, chip.background) >= TEXT, f"{theme.name} {verdict}"
    assert len({theme.verdict(v).symbol for v in VERDICTS}) == len(VERDICTS)
    for status in ("checked", "warnings", "errors", "orphaned"):
        chip = theme.status(status)
        assert chip.word == status and chip.symbol
        assert contrast_ratio(chip.foreground, chip.background) >= TEXT
    for relation in RELATIONS:
        chip = theme.relation(relation)
        assert chip.word == relation and chip.symbol
        assert contrast_ratio(chip.foreground, chip.background) >= TEXT
    for severity in ("error", "warning", "info"):
        chip = theme.severity(severity)
        assert contrast_ratio(chip.foreground, chip.background) >= TEXT
    # Unknown values still get words, never a bare colour.
    assert theme.verdict("made-up").word == "Made up"
    assert theme.category("new-kind").label == "New kind"


def test_theme_lookup() -> None:
    assert theme_named("light") is LIGHT and theme_named("dark") is DARK
    assert set(THEMES) == {"light", "dark"}
    assert DARK.is_dark and not LIGHT.is_dark
    with pytest.raises(KeyError):
        theme_named("sepia")


@BOTH
def test_palette_uses_theme_colours(qapp, theme: Theme) -> None:
    palette = build_palette(theme)
    assert palette.color(QPalette.ColorRole.Base).name().upper() == theme.page.upper()
    assert palette.color(QPalette.ColorRole.Text).name().upper() == theme.text.upper()
    assert palette.color(QPalette.ColorRole.Window).name().upper() == theme.window.upper()
    assert palette.color(QPalette.ColorRole.Link).name().upper() == theme.link.upper()


def test_reading_font_is_an_installed_serif(qapp) -> None:
    family = reading_font_family()
    assert family
    installed = set(QFontDatabase.families())
    assert family in installed or not any("Serif" in f for f in installed)
    font = reading_font(14)
    assert font.pointSizeF() == pytest.approx(14)
