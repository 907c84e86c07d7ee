"""Light and dark themes: page colours, per-category highlight styles, verdict chips, fonts.

Every colour pair the reader depends on is checked by `tests/desktop/test_theme.py` with
`contrast_ratio` (WCAG 2.x): text on the page, on each highlight tint, on verdict chips and on
the focus/flash marks is at least 4.5:1; each category's underline is at least 3:1 against the
page *and* against its own tint (WCAG 1.4.11), because a tint alone is only 1.1-1.8:1 against the
page (research/annotation-anchors.md §A8.2).

Nothing is told by colour alone (WCAG 1.4.1): each category also has its own underline style and
a label, each verdict and check status a word and a symbol. Qt draws six distinguishable
underline styles; the seventh category ("question") reuses the solid line and adds italics.

The hues are the Okabe–Ito palette; the underline colours are those hues darkened (light theme)
or lightened (dark theme) just enough to pass 3:1 against the tint, so the hue stays recognisable.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication, QWidget

from corpus.vocabulary import CATEGORIES, CATEGORY_LABELS, VERDICT_LABELS, VERDICTS

UnderlineStyle = QTextCharFormat.UnderlineStyle

__all__ = [
    "DARK",
    "LIGHT",
    "READING_SERIFS",
    "THEMES",
    "CategoryStyle",
    "ChipStyle",
    "Theme",
    "apply_theme",
    "build_palette",
    "chip_style_sheet",
    "contrast_ratio",
    "reading_font",
    "reading_font_family",
    "relative_luminance",
    "style_sheet",
    "theme_named",
    "ui_font",
]


# ----------------------------------------------------------------------------- contrast


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a `#RRGGBB` colour (0 = black, 1 = white)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two `#RRGGBB` colours, from 1.0 to 21.0 (not rounded)."""
    hi, lo = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# ----------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class CategoryStyle:
    """How one annotation category looks: tint behind the text, underline, label, colour name."""

    category: str
    label: str
    colour_name: str  # the Okabe–Ito name, so people can talk about it ("the blue ones")
    tint: str  # background behind highlighted text
    underline: str  # >= 3:1 against the page and the tint
    underline_style: UnderlineStyle
    italic: bool = False  # the extra cue for the category that shares a line style
    focus: str = ""  # the current annotation: its tint, deepened towards the underline colour
    flash: str = ""  # the brief flash on selection: near the underline colour
    flash_text: str = ""  # text on the flash (whichever of dark/light reads at >= 4.5:1)

    @property
    def line_name(self) -> str:
        """The underline style in words, for the legend's accessible description."""
        return _LINE_NAMES[self.underline_style] + (", italic" if self.italic else "")


@dataclass(frozen=True, slots=True)
class ChipStyle:
    """A small labelled badge: a word and a symbol on a coloured background with a border."""

    key: str
    word: str
    symbol: str
    background: str
    foreground: str
    border: str

    @property
    def text(self) -> str:
        """Symbol and word together, e.g. "✗ Inaccurate": never colour alone."""
        return f"{self.symbol} {self.word}"


@dataclass(frozen=True, slots=True)
class Theme:
    """All the colours of one theme. Hex strings; build QColor at the point of use."""

    name: str
    window: str  # chrome around the page
    window_text: str
    page: str  # the reading page and list backgrounds (QPalette.Base)
    text: str
    muted: str  # secondary text (meta lines, hints); >= 4.5:1 on page and window
    alternate: str  # alternate rows, cards
    border: str
    button: str
    accent: str  # focus rings, selection edges; >= 3:1 on page and window
    link: str
    selection: str
    selection_text: str
    flash_mark: str  # the flash for an annotation of an unknown category
    tooltip: str
    tooltip_text: str
    categories: Mapping[str, CategoryStyle]
    verdicts: Mapping[str, ChipStyle]
    statuses: Mapping[str, ChipStyle]
    relations: Mapping[str, ChipStyle]
    severities: Mapping[str, ChipStyle]

    @property
    def is_dark(self) -> bool:
        """True for a dark theme (light text on a dark page)."""
        return relative_luminance(self.page) < relative_luminance(self.text)

    def category(self, category: str) -> CategoryStyle:
        """The style of a category; an unknown category gets a neutral grey style."""
        style = self.categories.get(category)
        if style is not None:
            return style
        return CategoryStyle(
            category=category,
            label=category.replace("-", " ").capitalize(),
            colour_name="grey",
            tint=self.alternate,
            underline=self.muted,
            underline_style=UnderlineStyle.SingleUnderline,
            focus=self.selection,
            flash=self.flash_mark,
            flash_text=self.text,
        )

    def verdict(self, verdict: str) -> ChipStyle:
        """The chip for a verdict; unknown verdicts get a neutral chip with the raw word."""
        return self.verdicts.get(verdict) or self._neutral_chip(verdict)

    def status(self, status: str) -> ChipStyle:
        """The badge for a check status ("checked", "warnings", "errors", "orphaned")."""
        return self.statuses.get(_STATUS_ALIASES.get(status, status)) or self._neutral_chip(status)

    def relation(self, relation: str) -> ChipStyle:
        """The mark for a citation relation ("supports", "refutes", "context")."""
        return self.relations.get(relation) or self._neutral_chip(relation)

    def severity(self, severity: str) -> ChipStyle:
        """The mark for a finding severity ("error", "warning", "info")."""
        return self.severities.get(severity) or self._neutral_chip(severity)

    def _neutral_chip(self, key: str) -> ChipStyle:
        return ChipStyle(
            key, key.replace("-", " ").capitalize(), "•", self.alternate, self.text, self.border
        )


_LINE_NAMES: dict[UnderlineStyle, str] = {
    UnderlineStyle.SingleUnderline: "solid underline",
    UnderlineStyle.DashUnderline: "dashed underline",
    UnderlineStyle.DotLine: "dotted underline",
    UnderlineStyle.DashDotLine: "dash-dot underline",
    UnderlineStyle.DashDotDotLine: "dash-dot-dot underline",
    UnderlineStyle.WaveUnderline: "wavy underline",
    UnderlineStyle.SpellCheckUnderline: "wavy underline",
    UnderlineStyle.NoUnderline: "no underline",
}

_STATUS_ALIASES = {"ok": "checked", "warning": "warnings", "error": "errors"}

# category: (Okabe–Ito name, line style, italic, light tint, light underline, dark tint, dark underline)
# Tints are the hue at 28 % over the light page / 30 % over the dark page; see the module docstring.
# fmt: off
_CATEGORY_TABLE: dict[str, tuple[str, UnderlineStyle, bool, str, str, str, str]] = {
    "claim":           ("blue",           UnderlineStyle.SingleUnderline, False, "#B8D6E5", "#0072B2", "#15384E", "#338EC1"),
    "attribution":     ("sky blue",       UnderlineStyle.DashUnderline,   False, "#D0E9F5", "#3E82A8", "#2F4C5E", "#56B4E9"),
    "loaded-language": ("vermillion",     UnderlineStyle.WaveUnderline,   False, "#F3D0B3", "#BB5300", "#553218", "#D96E1A"),
    "context":         ("bluish green",   UnderlineStyle.DotLine,         False, "#B8E2D3", "#00825E", "#15453B", "#0AA279"),
    "framing":         ("reddish purple", UnderlineStyle.DashDotLine,     False, "#F1D8E2", "#A36186", "#523A4B", "#CC79A7"),
    "vocabulary":      ("yellow",         UnderlineStyle.DashDotDotLine,  False, "#FBF6C6", "#8B8426", "#5D5A2C", "#F0E442"),
    "question":        ("orange",         UnderlineStyle.SingleUnderline, True,  "#F8E3B3", "#A67200", "#5A4518", "#E69F00"),
}

# verdict: (symbol, light bg, light fg, light border, dark bg, dark fg, dark border)
_VERDICT_TABLE: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "accurate":        ("✓", "#D5EFE6", "#005C43", "#009E73", "#123F33", "#7FD9BC", "#0AA279"),
    "partly-accurate": ("◐", "#DCEEF9", "#1B5A80", "#56B4E9", "#1C3A4D", "#9ED3F2", "#56B4E9"),
    "misleading":      ("⚑", "#FBE9C4", "#7A4F00", "#E69F00", "#4A3810", "#F2C766", "#E69F00"),
    "inaccurate":      ("✗", "#F8DCC6", "#8A3C00", "#D55E00", "#4D2810", "#F5A66B", "#D96E1A"),
    "unverified":      ("?", "#E9E8E4", "#45454A", "#8C8C91", "#34353A", "#C9C8C4", "#8C8C91"),
    "opinion":         ("❝", "#F3E0EA", "#7D3C62", "#CC79A7", "#472D3D", "#E7B2CF", "#CC79A7"),
}

# key: (word, symbol, light bg, light fg, light border, dark bg, dark fg, dark border)
_STATUS_TABLE: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "checked":  ("checked",  "✓", "#D5EFE6", "#005C43", "#009E73", "#123F33", "#7FD9BC", "#0AA279"),
    "warnings": ("warnings", "⚠", "#FBE9C4", "#7A4F00", "#E69F00", "#4A3810", "#F2C766", "#E69F00"),
    "errors":   ("errors",   "✗", "#F8DCC6", "#8A3C00", "#D55E00", "#4D2810", "#F5A66B", "#D96E1A"),
    "orphaned": ("orphaned", "⊘", "#E9E8E4", "#45454A", "#8C8C91", "#34353A", "#C9C8C4", "#8C8C91"),
}

_RELATION_TABLE: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "supports": ("supports", "✓", "#D5EFE6", "#005C43", "#009E73", "#123F33", "#7FD9BC", "#0AA279"),
    "refutes":  ("refutes",  "✗", "#F8DCC6", "#8A3C00", "#D55E00", "#4D2810", "#F5A66B", "#D96E1A"),
    "context":  ("context",  "ℹ", "#DCEEF9", "#1B5A80", "#56B4E9", "#1C3A4D", "#9ED3F2", "#56B4E9"),
}

_SEVERITY_TABLE: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "error":   ("Error",   "✗", "#F8DCC6", "#8A3C00", "#D55E00", "#4D2810", "#F5A66B", "#D96E1A"),
    "warning": ("Warning", "⚠", "#FBE9C4", "#7A4F00", "#E69F00", "#4A3810", "#F2C766", "#E69F00"),
    "info":    ("Note",    "ℹ", "#DCEEF9", "#1B5A80", "#56B4E9", "#1C3A4D", "#9ED3F2", "#56B4E9"),
}
# fmt: on


def _mix(first: str, second: str, amount: float) -> str:
    """`amount` of `first` over `second` (0 = second, 1 = first), as #RRGGBB."""
    a, b = first.lstrip("#"), second.lstrip("#")
    return "#" + "".join(
        f"{round(int(a[i : i + 2], 16) * amount + int(b[i : i + 2], 16) * (1 - amount)):02X}"
        for i in (0, 2, 4)
    )


def _emphasis(tint: str, underline: str, text: str) -> tuple[str, str, str]:
    """Focus and flash colours for a category, each keeping its text at >= 4.6:1.

    Focus deepens the tint towards the underline colour (at most 50 %); the flash is the
    underline colour itself, moved towards black or white until black or white text on it reads.
    """
    amount = 0.5
    while amount > 0 and contrast_ratio(text, _mix(underline, tint, amount)) < 4.6:
        amount -= 0.05
    focus = _mix(underline, tint, max(amount, 0.0))
    flash = underline
    for step in range(21):
        for candidate in (
            _mix("#000000", underline, step * 0.05),
            _mix("#FFFFFF", underline, step * 0.05),
        ):
            flash_text = max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(c, candidate))
            if contrast_ratio(flash_text, candidate) >= 4.6:
                return focus, candidate, flash_text
    return focus, flash, text  # unreachable: black or white always reaches 4.6 on the way


def _categories(dark: bool, text: str) -> Mapping[str, CategoryStyle]:
    styles = {}
    for category in CATEGORIES:
        name, line, italic, lt, lu, dt, du = _CATEGORY_TABLE[category]
        tint, underline = (dt, du) if dark else (lt, lu)
        focus, flash, flash_text = _emphasis(tint, underline, text)
        styles[category] = CategoryStyle(
            category=category,
            label=CATEGORY_LABELS[category],
            colour_name=name,
            tint=tint,
            underline=underline,
            underline_style=line,
            italic=italic,
            focus=focus,
            flash=flash,
            flash_text=flash_text,
        )
    return MappingProxyType(styles)


def _verdicts(dark: bool) -> Mapping[str, ChipStyle]:
    chips = {}
    for verdict in VERDICTS:
        symbol, lb, lf, lbo, db, df, dbo = _VERDICT_TABLE[verdict]
        bg, fg, border = (db, df, dbo) if dark else (lb, lf, lbo)
        chips[verdict] = ChipStyle(verdict, VERDICT_LABELS[verdict], symbol, bg, fg, border)
    return MappingProxyType(chips)


def _chips(table: Mapping[str, tuple[str, ...]], dark: bool) -> Mapping[str, ChipStyle]:
    chips = {}
    for key, (word, symbol, lb, lf, lbo, db, df, dbo) in table.items():
        bg, fg, border = (db, df, dbo) if dark else (lb, lf, lbo)
        chips[key] = ChipStyle(key, word, symbol, bg, fg, border)
    return MappingProxyType(chips)


LIGHT = Theme(
    name="light",
    window="#F3F1EC",
    window_text="#1D1D1F",
    page="#FFFDF9",
    text="#1D1D1F",
    muted="#5B5B60",
    alternate="#F6F3ED",
    border="#D3CFC6",
    button="#FBFAF7",
    accent="#0A5FB4",
    link="#0A58A8",
    selection="#C9DDF3",
    selection_text="#1D1D1F",
    flash_mark="#FFCF40",
    tooltip="#FFFDF4",
    tooltip_text="#1D1D1F",
    categories=_categories(dark=False, text="#1D1D1F"),
    verdicts=_verdicts(dark=False),
    statuses=_chips(_STATUS_TABLE, dark=False),
    relations=_chips(_RELATION_TABLE, dark=False),
    severities=_chips(_SEVERITY_TABLE, dark=False),
)

DARK = Theme(
    name="dark",
    window="#17181B",
    window_text="#E6E4E0",
    page="#1E1F23",
    text="#E6E4E0",
    muted="#A6A5A2",
    alternate="#26272C",
    border="#3C3D43",
    button="#2A2B30",
    accent="#6AAEF0",
    link="#80BCF6",
    selection="#2D4B6E",
    selection_text="#F2F1EE",
    flash_mark="#7A6412",
    tooltip="#2A2B30",
    tooltip_text="#E6E4E0",
    categories=_categories(dark=True, text="#E6E4E0"),
    verdicts=_verdicts(dark=True),
    statuses=_chips(_STATUS_TABLE, dark=True),
    relations=_chips(_RELATION_TABLE, dark=True),
    severities=_chips(_SEVERITY_TABLE, dark=True),
)

THEMES: Mapping[str, Theme] = MappingProxyType({"light": LIGHT, "dark": DARK})


def theme_named(name: str) -> Theme:
    """The theme called `name` ("light" or "dark"); raises KeyError for anything else."""
    return THEMES[name]


# ----------------------------------------------------------------------------- Qt application


def build_palette(theme: Theme) -> QPalette:
    """A QPalette for the whole application in `theme` (Fusion honours every role set here)."""
    p = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    colours = {
        role.Window: theme.window,
        role.WindowText: theme.window_text,
        role.Base: theme.page,
        role.AlternateBase: theme.alternate,
        role.Text: theme.text,
        role.Button: theme.button,
        role.ButtonText: theme.text,
        role.BrightText: theme.page,
        role.Highlight: theme.selection,
        role.HighlightedText: theme.selection_text,
        role.Link: theme.link,
        role.LinkVisited: theme.link,
        role.ToolTipBase: theme.tooltip,
        role.ToolTipText: theme.tooltip_text,
        role.PlaceholderText: theme.muted,
        role.Accent: theme.accent,
    }
    for r, hex_colour in colours.items():
        p.setColor(r, QColor(hex_colour))
    # Bevel roles, derived from the window colour so Fusion's frames match the theme.
    window = QColor(theme.window)
    p.setColor(role.Light, window.lighter(115 if theme.is_dark else 104))
    p.setColor(role.Midlight, window.lighter(108 if theme.is_dark else 102))
    p.setColor(role.Mid, QColor(theme.border))
    p.setColor(role.Dark, window.darker(160 if theme.is_dark else 130))
    p.setColor(role.Shadow, window.darker(250 if theme.is_dark else 200))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(theme.muted))
    p.setColor(group.Disabled, role.Highlight, QColor(theme.border))
    return p


def style_sheet(theme: Theme) -> str:
    """A small style sheet: visible focus rings, quiet frames, rounded buttons, headings."""
    t = theme
    return f"""
QLabel {{ color: {t.window_text}; }}
QCheckBox::indicator:unchecked, QAbstractItemView::indicator:unchecked {{ width: 12px; height: 12px;
    border: 1px solid {t.muted}; border-radius: 3px; background: {t.page}; }}
QRadioButton::indicator:unchecked {{ width: 12px; height: 12px; border: 1px solid {t.muted};
    border-radius: 7px; background: {t.page}; }}
QLabel[role="heading"] {{ font-weight: 600; font-size: 11pt; color: {t.window_text}; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="section"] {{ color: {t.muted}; font-size: 8.5pt; font-weight: 600; }}
QPushButton, QToolButton {{ background: {t.button}; color: {t.text}; border: 1px solid {t.border};
    border-radius: 6px; padding: 4px 12px; }}
QToolButton {{ padding: 3px 8px; }}
QPushButton:hover, QToolButton:hover {{ border-color: {t.muted}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {t.alternate}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {t.muted}; border-style: dashed; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {t.accent}; padding: 3px 11px; }}
QToolButton:focus {{ padding: 2px 7px; }}
QToolButton:checked {{ background: {t.page}; }}
QToolButton:!checked {{ color: {t.muted}; background: {t.window}; border-style: dashed; }}
QComboBox QAbstractItemView {{ background: {t.page}; color: {t.text};
    selection-background-color: {t.selection}; selection-color: {t.selection_text}; }}
QComboBox {{ background: {t.button}; color: {t.text}; selection-background-color: {t.selection};
    selection-color: {t.selection_text}; }}
QAbstractItemView {{ alternate-background-color: {t.alternate};
    selection-background-color: {t.selection}; selection-color: {t.selection_text}; }}
QListView, QTableView, QTableWidget {{ background: {t.page}; color: {t.text};
    border: 2px solid {t.border}; border-radius: 6px; }}
QListView:focus, QTableView:focus, QTableWidget:focus {{ border: 2px solid {t.accent}; }}
QHeaderView {{ background: {t.page}; border: none; }}
QTableCornerButton::section {{ background: {t.alternate}; border: none;
    border-bottom: 1px solid {t.border}; }}
QHeaderView::section {{ background: {t.alternate}; color: {t.window_text}; border: none;
    border-bottom: 1px solid {t.border}; padding: 4px 8px; font-weight: 600; }}
QTextBrowser {{ background: {t.page}; color: {t.text}; border: 2px solid transparent;
    selection-background-color: {t.selection}; selection-color: {t.selection_text}; }}
QTextBrowser:focus {{ border: 2px solid {t.accent}; }}
QScrollArea {{ background: {t.page}; border: none; }}
QScrollArea > QWidget > QWidget {{ background: {t.page}; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle {{ background: {t.border}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:hover {{ background: {t.muted}; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSplitter::handle {{ background: {t.border}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QToolTip {{ background: {t.tooltip}; color: {t.tooltip_text}; border: 1px solid {t.border};
    padding: 6px; }}
"""


def apply_theme(target: QWidget | QApplication, theme: Theme) -> None:
    """Give a widget (and its children) or the whole application the theme's palette and QSS."""
    target.setPalette(build_palette(theme))
    target.setStyleSheet(style_sheet(theme))


def chip_style_sheet(chip: ChipStyle, *, radius: int = 9) -> str:
    """Inline QSS for a QLabel that shows a chip (verdict, status, relation, severity)."""
    return (
        f"QLabel {{ background: {chip.background}; color: {chip.foreground};"
        f" border: 1px solid {chip.border}; border-radius: {radius}px; padding: 1px 8px;"
        f" font-weight: 600; }}"
    )


# ----------------------------------------------------------------------------- fonts

# Good text serifs first; the DejaVu/Liberation families are what a bare Linux box has.
READING_SERIFS: tuple[str, ...] = (
    "Source Serif 4",
    "Source Serif Pro",
    "Literata",
    "Charter",
    "Noto Serif",
    "Georgia",
    "Cambria",
    "PT Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
)


@functools.cache
def reading_font_family() -> str:
    """The best installed serif from READING_SERIFS, else the platform's generic serif.

    Needs a QGuiApplication. No font files ship with the app.
    """
    installed = {family.casefold(): family for family in QFontDatabase.families()}
    for family in READING_SERIFS:
        found = installed.get(family.casefold())
        if found is not None:
            return found
    fallback = QFont()
    fallback.setStyleHint(QFont.StyleHint.Serif)
    return fallback.defaultFamily()


def reading_font(point_size: float) -> QFont:
    """The reading font at `point_size` points, with a serif style hint for fallback."""
    font = QFont(reading_font_family())
    font.setStyleHint(QFont.StyleHint.Serif, QFont.StyleStrategy.PreferQuality)
    font.setPointSizeF(max(1.0, point_size))
    return font


def ui_font(point_size: float | None = None, *, weight: QFont.Weight | None = None) -> QFont:
    """The application's interface font, optionally resized or reweighted."""
    font = QFont(QApplication.font())
    if point_size is not None:
        font.setPointSizeF(max(1.0, point_size))
    if weight is not None:
        font.setWeight(weight)
    return font
