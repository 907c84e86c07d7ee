"""The main window: library on the left, the article in the centre, annotations on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.articles import ArticleRow
from desktop.events import Changes
from desktop.models.article_list import ArticleListModel
from desktop.operations import OpContext
from desktop.operations.corpus import ArticleView, fetch_article, fetch_library


class MainWindow(QMainWindow):
    def __init__(self, ctx: OpContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Closeread")
        self.resize(1280, 820)
        self.current_article_id: str | None = None

        self.library_model = ArticleListModel(self)
        self.library = QListView()
        self.library.setModel(self.library_model)
        self.library.setAccessibleName("Library")
        self.library.setAccessibleDescription("The articles in the store. Choose one to read it.")
        self.library.selectionModel().currentChanged.connect(self._on_library_current)

        self.text = QTextBrowser()
        self.text.setAccessibleName("Article text")
        self.text.setOpenExternalLinks(True)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(8, 8, 8, 8)
        title = QLabel("Library")
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        layout.addWidget(self.library)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.text)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)

        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)

        self.ctx.events.store_changed.connect(self._on_store_changed)
        self.statusBar().showMessage("Loading the library…")
        self.refresh_library()

    # ------------------------------------------------------------------ library

    def refresh_library(self) -> None:
        fetch_library(self.ctx).success(self._show_library).run()

    def _show_library(self, rows: list[ArticleRow]) -> None:
        self.library_model.set_rows(rows)
        self.statusBar().showMessage(f"{len(rows)} articles")
        if rows and self.current_article_id is None:
            self.select_article(rows[0].id)

    def select_article(self, article_id: str) -> None:
        row = self.library_model.row_of(article_id)
        if row >= 0:
            self.library.selectionModel().setCurrentIndex(
                self.library_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    @Slot(QModelIndex, QModelIndex)
    def _on_library_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = current.data(ArticleListModel.IdRole)
        if article_id:
            self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        self.current_article_id = article_id
        fetch_article(self.ctx, article_id=article_id, published_only=True).success(self._show_article).run()

    def reader_text(self) -> str:
        """The article text as shown (for tests and accessibility checks)."""
        return self.text.toPlainText()

    def _show_article(self, view: ArticleView) -> None:
        self.text.setPlainText(view.article.title + "\n\n" + view.article.body)

    # ------------------------------------------------------------------ events

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self:
            return
        if changes.articles or changes.annotations:
            self.refresh_library()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "Closeread", message)
