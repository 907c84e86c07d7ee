"""A small form for one source: used inline by the annotation editor ("New source…") and by
the source library ("Edit…"). It checks as you type with the same rules the store applies
(`corpus.authoring.source_problems`) plus the checker's source findings, and never queries."""

from __future__ import annotations

import html
from collections.abc import Collection

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from corpus.authoring import new_source_id, source_problems
from corpus.checking import check_source
from corpus.records import SourceRecord
from corpus.vocabulary import SOURCE_KINDS
from desktop.dialogs.common import findings_html, verbatim_text
from desktop.theme import LIGHT, Theme, apply_theme

__all__ = ["KIND_HINTS", "SourceForm"]

KIND_HINTS = {
    "primary": "Primary: the document itself (a treaty text, a dataset, a speech transcript)",
    "official": "Official: a government or institution's own statement or page",
    "news": "News: a news outlet's own reporting",
    "wire": "Wire: a news agency report (Reuters, AP, Yonhap…)",
    "reference": "Reference: an encyclopedia, a textbook, a database",
    "advocacy": "Advocacy: a campaign, think tank or interest group",
    "state-media": "State media: an outlet a government controls",
    "mirror": "Mirror: a copy of a source hosted by someone else",
}


class SourceForm(QDialog):
    """Create (`record=None`) or edit a source. `taken` are the ids in use, so a new source gets
    a fresh readable id. After `accept()`, `source()` is the record to save."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        record: SourceRecord | None = None,
        taken: Collection[str] = (),
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._record = record
        self._taken = set(taken) - ({record.id} if record else set())
        self.setWindowTitle("Edit source" if record else "New source")
        self.setModal(True)

        self.title = QLineEdit()
        self.title.setPlaceholderText("The page's own headline or document title")
        self.publisher = QLineEdit()
        self.publisher.setPlaceholderText("Outlet, agency or body, e.g. Reuters, UN Security Council")
        self.author = QLineEdit()
        self.author.setPlaceholderText("Optional")
        self.published = QLineEdit()
        self.published.setPlaceholderText("YYYY-MM-DD, YYYY-MM, YYYY — or 'undated' if the page has none")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.locator = QLineEdit()
        self.locator.setPlaceholderText("For an offline source, e.g. 'UNTS No. 6045'")
        self.kind = QComboBox()
        for kind in SOURCE_KINDS:
            self.kind.addItem(KIND_HINTS[kind].split(":")[0], kind)
            self.kind.setItemData(self.kind.count() - 1, KIND_HINTS[kind], 3)  # ToolTipRole
        self.kind.setCurrentIndex(SOURCE_KINDS.index("news"))
        self.kind_hint = QLabel()
        self.kind_hint.setProperty("role", "muted")
        self.kind_hint.setWordWrap(True)
        self.excerpt = QPlainTextEdit()
        self.excerpt.setPlaceholderText(
            "Optional: paste the passage you rely on, so evidence quotes can be checked offline"
        )
        self.excerpt.setFixedHeight(70)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Optional notes for other teachers")
        self.notes.setFixedHeight(50)
        for widget, name in (
            (self.title, "Title"), (self.publisher, "Publisher"), (self.author, "Author"),
            (self.published, "Published"), (self.url, "Address (url)"), (self.locator, "Locator"),
            (self.kind, "Kind"), (self.excerpt, "Excerpt"), (self.notes, "Notes"),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Publisher", self.publisher)
        form.addRow("Author", self.author)
        form.addRow("Published", self.published)
        form.addRow("Address (url)", self.url)
        form.addRow("Locator", self.locator)
        form.addRow("Kind", self.kind)
        form.addRow("", self.kind_hint)
        form.addRow("Excerpt", self.excerpt)
        form.addRow("Notes", self.notes)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save source" if record else "Add source")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        apply_theme(self, theme)

        if record is not None:
            self.title.setText(record.title)
            self.publisher.setText(record.publisher)
            self.author.setText(record.author or "")
            self.published.setText(record.published or "")
            self.url.setText(record.url or "")
            self.locator.setText(record.locator or "")
            self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
            self.excerpt.setPlainText(record.excerpt or "")
            self.notes.setPlainText(record.notes or "")
        for line in (self.title, self.publisher, self.author, self.published, self.url, self.locator):
            line.textChanged.connect(self._update)
        self.kind.currentIndexChanged.connect(self._update)
        self.excerpt.textChanged.connect(self._update)
        self.notes.textChanged.connect(self._update)
        self._update()

    def source(self) -> SourceRecord:
        """The source as the form stands (a new one gets a readable id not in `taken`)."""

        def opt(text: str) -> str | None:
            return text.strip() or None

        published = opt(self.published.text())
        if self._record is not None:
            source_id = self._record.id
        else:
            source_id = new_source_id(
                title=self.title.text(), publisher=self.publisher.text(), published=published,
                taken=self._taken,
            )
        return SourceRecord(
            id=source_id, title=self.title.text().strip(), publisher=self.publisher.text().strip(),
            kind=self.kind.currentData(), published=published, author=opt(self.author.text()),
            url=opt(self.url.text()), locator=opt(self.locator.text()),
            excerpt=opt(verbatim_text(self.excerpt)), notes=opt(verbatim_text(self.notes)),
        )

    def blocking_problems(self) -> list[str]:
        """What keeps the source from being saved (empty when it can be)."""
        return source_problems(self.source())

    @Slot()
    def _update(self) -> None:
        self.kind_hint.setText(KIND_HINTS.get(self.kind.currentData(), ""))
        source = self.source()
        blocking = source_problems(source)
        self.save_button.setEnabled(not blocking)
        if blocking:
            chip = self._theme.severity("error")
            items = "".join(f"<li>{html.escape(p)}</li>" for p in blocking)
            self.problems.setText(
                f"<b style='color:{chip.foreground}'>{chip.symbol} Before it can be saved:</b>"
                f"<ul style='margin:2px 0 0 -20px'>{items}</ul>"
            )
        else:
            findings = [f for f in check_source(source) if f.code != "source-unused"]
            if findings:
                self.problems.setText(findings_html(findings, self._theme, hints=True))
            else:
                chip = self._theme.status("checked")
                self.problems.setText(
                    f"<span style='color:{chip.foreground}'><b>{chip.symbol}</b> Complete: "
                    "title, publisher, date and address are all there.</span>"
                )
        self.changed.emit()
