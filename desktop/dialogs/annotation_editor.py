"""The annotation editor: what a teacher says about a selected phrase, and the evidence for it.

Category, note (Markdown subset, previewed live), verdict and the claim as reviewed (claims only),
a `claim_key` with the keys already in use suggested, citations (pick a source from the library
by typing any part of its title or publisher, or create one inline; relation, evidence quote,
locator) and draft/published. The check badge is `corpus.checking.check_annotation` run on the
in-memory record at every change, so the teacher sees at once whether it is source-checked.

The dialog never touches the store: the article and the source library come in through the
constructor, and the caller saves `annotation()` plus `new_sources()` as one undoable op.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.anchoring import make_selectors
from corpus.authoring import annotation_problems
from corpus.checking import Finding, annotation_status, check_annotation
from corpus.records import AnnotationRecord, ArticleRecord, CitationRecord, SourceRecord
from corpus.vocabulary import (
    CATEGORIES,
    CATEGORY_LABELS,
    RELATIONS,
    VERDICT_LABELS,
    VERDICTS,
)
from desktop.dialogs.common import findings_html, set_chip, status_words, verbatim_text
from desktop.dialogs.source_form import SourceForm
from desktop.markdown import markdown_to_html
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.views.labels import format_date

__all__ = ["NEW_ID", "AnnotationEditor", "CitationsEditor", "source_label"]

NEW_ID = "new-annotation"  # the in-memory id of an annotation not yet saved
RELATION_WORDS = {"supports": "supports it", "refutes": "refutes it", "context": "gives context"}
# The relation a new citation starts with, for each verdict (one that fits it).
DEFAULT_RELATION = {
    "accurate": "supports",
    "partly-accurate": "supports",
    "misleading": "refutes",
    "inaccurate": "refutes",
    "unverified": "context",
    "opinion": "context",
}


def source_label(source: SourceRecord) -> str:
    """How a source is named in pickers: title — publisher, date."""
    return f"{source.title} — {source.publisher}, {format_date(source.published)}"


class CitationsEditor(QWidget):
    """The citations of one annotation: a table (source, relation, evidence, locator) with a
    search box over the library and a button to create a source inline."""

    changed = Signal()
    new_source_requested = Signal()

    COLUMNS = ("Source", "Relation", "Evidence quote", "Locator")

    def __init__(self, sources: Mapping[str, SourceRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sources: dict[str, SourceRecord] = dict(sources)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find a source in the library: type part of its title or publisher…")
        self.search.setAccessibleName("Find a source")
        self.search.setClearButtonEnabled(True)
        self._labels = QStringListModel(self)
        self.completer = QCompleter(self._labels, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.search.setCompleter(self.completer)
        self.completer.activated[str].connect(self._on_completed)
        self.search.returnPressed.connect(self._on_return)
        self.new_source_button = QPushButton("New source…", self)
        self.new_source_button.setToolTip("Create a source that is not in the library yet")
        self.new_source_button.clicked.connect(self.new_source_requested)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setAccessibleName("Citations")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 140)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 130)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.remove_button = QPushButton("Remove citation", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.empty_hint = QLabel("No citation yet: find a source above, or create one.", self)
        self.empty_hint.setProperty("role", "muted")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_source_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty_hint)
        bottom.addStretch(1)
        bottom.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._refresh_labels()
        self._update_buttons()

    # ------------------------------------------------------------------ sources

    def sources(self) -> dict[str, SourceRecord]:
        """The sources the table can pick from (the library plus any made inline)."""
        return dict(self._sources)

    def add_source(self, source: SourceRecord) -> None:
        """Make a source available (one created inline) and cite it."""
        self._sources[source.id] = source
        self._refresh_labels()
        for row in range(self.table.rowCount()):
            combo = self._combo(row, 0)
            if combo.findData(source.id) < 0:
                combo.addItem(source_label(source), source.id)
        self.add_citation(source.id)

    def _refresh_labels(self) -> None:
        ordered = sorted(self._sources.values(), key=lambda s: s.title.casefold())
        self._ordered = ordered
        self._labels.setStringList([source_label(s) for s in ordered])

    def _source_for_label(self, label: str) -> SourceRecord | None:
        return next((s for s in self._ordered if source_label(s) == label), None)

    @Slot(str)
    def _on_completed(self, label: str) -> None:
        source = self._source_for_label(label)
        if source is not None:
            self.add_citation(source.id)
            QTimer.singleShot(0, self.search, self.search.clear)  # after the completer fills it in

    @Slot()
    def _on_return(self) -> None:
        text = self.search.text().strip().casefold()
        if not text:
            return
        hits = [s for s in self._ordered if text in source_label(s).casefold() or text == s.id]
        if len(hits) == 1:
            self.add_citation(hits[0].id)
            self.search.clear()

    # ------------------------------------------------------------------ rows

    def add_citation(
        self,
        source_id: str,
        *,
        relation: str | None = None,
        evidence: str | None = None,
        locator: str | None = None,
    ) -> int:
        """Add a citation row; returns its row number."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        combo.setAccessibleName("Cited source")
        for s in self._ordered:
            combo.addItem(source_label(s), s.id)
        if combo.findData(source_id) < 0:  # a source not in the library (shown so it can be fixed)
            combo.addItem(f"Unknown source '{source_id}'", source_id)
        combo.setCurrentIndex(combo.findData(source_id))
        combo.currentIndexChanged.connect(self.changed)
        relations = QComboBox()
        relations.setAccessibleName("Relation")
        for r in RELATIONS:
            relations.addItem(RELATION_WORDS[r], r)
        relations.setCurrentIndex(RELATIONS.index(relation or self.default_relation))
        relations.currentIndexChanged.connect(self.changed)
        evidence_edit = QLineEdit(evidence or "")
        evidence_edit.setPlaceholderText("The source's own words you rely on")
        evidence_edit.setAccessibleName("Evidence quote")
        evidence_edit.textChanged.connect(self.changed)
        locator_edit = QLineEdit(locator or "")
        locator_edit.setPlaceholderText("e.g. Article 4")
        locator_edit.setAccessibleName("Locator")
        locator_edit.textChanged.connect(self.changed)
        for line in (evidence_edit, locator_edit):
            line.setCursorPosition(0)  # show the start of a long quote, not its end
        self.table.setCellWidget(row, 0, combo)
        self.table.setCellWidget(row, 1, relations)
        self.table.setCellWidget(row, 2, evidence_edit)
        self.table.setCellWidget(row, 3, locator_edit)
        self.table.selectRow(row)
        self._update_buttons()
        self.changed.emit()
        return row

    default_relation = "supports"

    def set_default_relation(self, relation: str) -> None:
        """The relation a new citation starts with (what fits the verdict)."""
        self.default_relation = relation

    def remove_selected(self) -> None:
        """Remove the selected citation."""
        row = self.table.currentRow()
        if row < 0 and self.table.rowCount():
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._update_buttons()
            self.changed.emit()

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def _line(self, row: int, column: int) -> QLineEdit:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QLineEdit)
        return widget

    def row_widgets(self, row: int) -> tuple[QComboBox, QComboBox, QLineEdit, QLineEdit]:
        """(source, relation, evidence, locator) editors of one row."""
        return self._combo(row, 0), self._combo(row, 1), self._line(row, 2), self._line(row, 3)

    def citations(self) -> tuple[CitationRecord, ...]:
        """The citations as they stand, in table order."""
        out = []
        for row in range(self.table.rowCount()):
            source, relation, evidence, locator = self.row_widgets(row)
            out.append(
                CitationRecord(
                    source_id=source.currentData(),
                    relation=relation.currentData(),
                    evidence=evidence.text().strip() or None,
                    locator=locator.text().strip() or None,
                )
            )
        return tuple(out)

    def _update_buttons(self) -> None:
        n = self.table.rowCount()
        self.remove_button.setEnabled(n > 0)
        self.empty_hint.setVisible(n == 0)


class AnnotationEditor(QDialog):
    """Create an annotation on body[start:end) of `article`, or edit `record`.

    `sources` is the library, `claim_keys` the keys in use (suggested as you type). After
    `accept()`, save `annotation()` (its id is NEW_ID for a new one) with `new_sources()`.
    """

    checked = Signal(str)  # the live check status after every change

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        article: ArticleRecord,
        sources: Sequence[SourceRecord] | Mapping[str, SourceRecord],
        claim_keys: Sequence[str] = (),
        start: int | None = None,
        end: int | None = None,
        record: AnnotationRecord | None = None,
        category: str = "claim",
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        if record is None and (start is None or end is None):
            raise ValueError("give a record to edit, or start and end of the text to annotate")
        self._theme = theme
        self._article = article
        self._record = record
        library = dict(sources) if isinstance(sources, Mapping) else {s.id: s for s in sources}
        self._library_ids = frozenset(library)
        self._made: dict[str, SourceRecord] = {}
        if record is not None:
            self._quote, self._position = record.quote, record.position
        else:
            assert start is not None and end is not None
            self._quote, self._position = make_selectors(article.body, start, end)
        self._findings: list[Finding] = []
        self._status = "errors"
        self.source_form: SourceForm | None = None

        self.setWindowTitle("Edit annotation" if record else "Annotate")
        self.setModal(True)

        # --- the quote, with its context
        self.quote_label = QLabel(self)
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.RichText)
        self.quote_label.setAccessibleName("Annotated text")
        self.quote_label.setStyleSheet(
            f"QLabel {{ background: {theme.page}; border: 1px solid {theme.border};"
            f" border-radius: 6px; padding: 8px 10px; }}"
        )

        # --- what it is
        self.category = QComboBox(self)
        self.category.setAccessibleName("Category")
        for c in CATEGORIES:
            self.category.addItem(CATEGORY_LABELS[c], c)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        self.status.addItem("Draft — teachers only", "draft")
        self.status.addItem("Published — students see it", "published")
        self.verdict = QComboBox(self)
        self.verdict.setAccessibleName("Verdict")
        self.verdict.addItem("— choose a verdict —", None)
        for v in VERDICTS:
            self.verdict.addItem(f"{theme.verdict(v).symbol} {VERDICT_LABELS[v]}", v)
        self.claim_reviewed = QLineEdit(self)
        self.claim_reviewed.setAccessibleName("Claim as reviewed")
        self.claim_reviewed.setPlaceholderText("The claim in one plain sentence, as you checked it")
        self.claim_key = QComboBox(self)
        self.claim_key.setEditable(True)
        self.claim_key.setAccessibleName("Claim key")
        self.claim_key.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.claim_key.addItem("")
        self.claim_key.addItems(list(claim_keys))
        self.claim_key.lineEdit().setPlaceholderText("Optional: links the same claim in other articles")
        key_completer = QCompleter(list(claim_keys), self.claim_key)
        key_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        key_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.claim_key.setCompleter(key_completer)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top_row = QHBoxLayout()
        top_row.addWidget(self.category, 1)
        status_caption = QLabel("Status", self)
        top_row.addSpacing(12)
        top_row.addWidget(status_caption)
        top_row.addWidget(self.status, 1)
        self.form.addRow("Category", top_row)
        self.form.addRow("Verdict", self.verdict)
        self.form.addRow("Claim as reviewed", self.claim_reviewed)
        self.form.addRow("Claim key", self.claim_key)

        # --- the note, with its preview
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText(
            "What is wrong or worth noticing, in plain words. **bold**, *italic*, lists and "
            "[links](https://…) work."
        )
        self.note_preview = QTextBrowser(self)
        self.note_preview.setAccessibleName("Note preview")
        self.note_preview.setOpenExternalLinks(False)
        self.note_preview.setOpenLinks(False)
        self.note_preview.document().setDocumentMargin(8)
        note_split = QSplitter(Qt.Orientation.Horizontal, self)
        note_split.addWidget(self.note)
        note_split.addWidget(self.note_preview)
        note_split.setChildrenCollapsible(False)
        note_box = QGroupBox("Note  ·  preview on the right", self)
        note_layout = QVBoxLayout(note_box)
        note_layout.addWidget(note_split)

        # --- citations
        self.citations = CitationsEditor(library, self)
        self.citations.new_source_requested.connect(self.open_source_form)
        cite_box = QGroupBox("Citations", self)
        cite_layout = QVBoxLayout(cite_box)
        cite_layout.addWidget(self.citations)

        # --- the live check
        self.badge = QLabel(self)
        self.badge.setAccessibleName("Check status")
        self.findings_label = QLabel(self)
        self.findings_label.setWordWrap(True)
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.findings_label.setAccessibleName("Check findings")
        self.findings_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        check_row = QHBoxLayout()
        check_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        check_row.addSpacing(8)
        check_row.addWidget(self.findings_label, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save changes" if record else "Add annotation")
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addLayout(self.form)
        layout.addWidget(note_box, 2)
        layout.addWidget(cite_box, 3)
        layout.addLayout(check_row)
        layout.addWidget(self.buttons)
        self.resize(880, 780)
        apply_theme(self, theme)

        # --- fill in and connect
        if record is not None:
            self._fill(record)
        else:
            self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.category.currentIndexChanged.connect(self._on_category)
        self.verdict.currentIndexChanged.connect(self._on_verdict)
        for signal in (
            self.status.currentIndexChanged,
            self.claim_reviewed.textChanged,
            self.claim_key.currentTextChanged,
            self.note.textChanged,
            self.citations.changed,
        ):
            signal.connect(self._update)
        self.note.textChanged.connect(self._update_preview)
        self._on_category()
        self._on_verdict()
        self._update_preview()
        self._update()

    # ------------------------------------------------------------------ public API

    def is_new(self) -> bool:
        """True when creating an annotation (not editing one)."""
        return self._record is None

    def annotation(self) -> AnnotationRecord:
        """The annotation as the form stands (id NEW_ID when new). Verdict and claim as
        reviewed are kept only for claims."""
        category = self.category.currentData()
        is_claim = category == "claim"
        key = self.claim_key.currentText().strip() or None
        base = self._record
        return AnnotationRecord(
            id=base.id if base else NEW_ID,
            article_id=self._article.id,
            category=category,
            quote=self._quote,
            position=self._position,
            note=verbatim_text(self.note).strip(),
            verdict=self.verdict.currentData() if is_claim else None,
            claim_reviewed=(self.claim_reviewed.text().strip() or None) if is_claim else None,
            claim_key=key,
            status=self.status.currentData(),
            author=base.author if base else None,
            anchor_state=base.anchor_state if base else "anchored",
            created=base.created if base else None,
            modified=base.modified if base else None,
            citations=self.citations.citations(),
        )

    def new_sources(self) -> tuple[SourceRecord, ...]:
        """Sources created inline that the citations still cite (the others are dropped)."""
        cited = {c.source_id for c in self.citations.citations()}
        return tuple(s for sid, s in self._made.items() if sid in cited)

    def sources(self) -> dict[str, SourceRecord]:
        """The library plus the sources created inline."""
        return self.citations.sources()

    def check_status(self) -> str:
        """The live badge: "checked", "warnings", "errors" or "orphaned"."""
        return self._status

    def findings(self) -> list[Finding]:
        """The live checker findings."""
        return list(self._findings)

    def add_new_source(self, source: SourceRecord) -> None:
        """Take a source made inline into the picker and cite it."""
        self._made[source.id] = source
        self.citations.add_source(source)

    @Slot()
    def open_source_form(self) -> SourceForm:
        """Open the inline "New source" form (window-modal); on save the source is cited."""
        form = SourceForm(self, taken=set(self.sources()), theme=self._theme)
        form.accepted.connect(lambda: self.add_new_source(form.source()))
        form.finished.connect(lambda _r: setattr(self, "source_form", None))
        self.source_form = form
        form.open()
        return form

    # ------------------------------------------------------------------ internals

    def _quote_html(self, category: str) -> str:
        q = self._quote
        muted = self._theme.muted
        prefix = html.escape(q.prefix.lstrip())
        suffix = html.escape(q.suffix.rstrip())
        exact = html.escape(q.exact)
        style = self._theme.category(category)
        return (
            f"<span style='color:{muted}'>…{prefix}</span>"
            f"<span style='background:{style.tint}; font-weight:600'>{exact}</span>"
            f"<span style='color:{muted}'>{suffix}…</span>"
        )

    def _fill(self, record: AnnotationRecord) -> None:
        self.category.setCurrentIndex(max(0, self.category.findData(record.category)))
        self.status.setCurrentIndex(max(0, self.status.findData(record.status)))
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(record.verdict)))
        self.claim_reviewed.setText(record.claim_reviewed or "")
        self.claim_key.setEditText(record.claim_key or "")
        self.note.setPlainText(record.note)
        with QSignalBlocker(self.citations):
            for c in record.citations:
                self.citations.add_citation(c.source_id, relation=c.relation, evidence=c.evidence, locator=c.locator)

    @Slot()
    def _on_category(self) -> None:
        is_claim = self.category.currentData() == "claim"
        for widget in (self.verdict, self.claim_reviewed):
            self.form.setRowVisible(widget, is_claim)
        self.quote_label.setText(self._quote_html(self.category.currentData()))
        self._update()

    @Slot()
    def _on_verdict(self) -> None:
        verdict = self.verdict.currentData()
        is_claim = self.category.currentData() == "claim"
        self.citations.set_default_relation(DEFAULT_RELATION.get(verdict, "context") if is_claim else "context")
        self._update()

    @Slot()
    def _update_preview(self) -> None:
        text = verbatim_text(self.note)
        self.note_preview.setHtml(
            markdown_to_html(text)
            if text.strip()
            else f"<p style='color:{self._theme.muted}'>The note, as students will read it.</p>"
        )

    @Slot()
    def _update(self) -> None:
        record = self.annotation()
        sources = self.sources()
        self._findings = check_annotation(record, self._article.body, sources)
        self._status = annotation_status(record, self._findings)
        set_chip(self.badge, self._theme.status(self._status), status_words(self._status))
        if self._findings:
            self.findings_label.setText(findings_html(self._findings, self._theme))
        else:
            chip = self._theme.status("checked")
            self.findings_label.setText(
                f"<span style='color:{chip.foreground}'>The checker finds nothing to fix: the quote "
                "is in place, and every source is complete.</span>"
            )
        problems = annotation_problems(record, self._article.body, sources)
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip("; ".join(problems))
        self.checked.emit(self._status)

    @Slot()
    def _on_save(self) -> None:
        if self.save_button.isEnabled():
            self.accept()
