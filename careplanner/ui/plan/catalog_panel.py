"""The treatment catalog by layer, with search; a treatment is added by double-click, Enter or drag."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog, Modality
from careplanner.ui.theme import LAYER_COLOURS

MODALITY_MIME = "application/x-careplanner-modality"
MODALITY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def modality_tooltip(catalog: Catalog, modality: Modality) -> str:
    lines = [f"<b>{modality.name}</b> — {catalog.classes[modality.class_id].name}"]
    if modality.window:
        unverified = " (unverified)" if modality.window.unverified else ""
        lines.append(f"Judge at weeks {modality.window.min_weeks}–{modality.window.max_weeks}{unverified}")
    if modality.course:
        lines.append(modality.course.text)
    if modality.evidence and modality.evidence.level != "established":
        lines.append(f"<i>Evidence {modality.evidence.level}: {modality.evidence.note}</i>")
    if modality.kind in KIND_WORDS:
        lines.append(f"<i>{KIND_WORDS[modality.kind]}</i>")
    return "<br>".join(lines)


# What a catalog entry that is not itself a pain therapy is, in the tooltip.
KIND_WORDS = {
    "diagnostic": "A diagnostic test",
    "device-trial": "A device trial",
    "rescue": "A rescue medicine kept at hand with an opioid, not a pain treatment",
}


class _CatalogModel(QStandardItemModel):
    def mimeTypes(self) -> list[str]:
        return [MODALITY_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = [index.data(MODALITY_ROLE) for index in indexes if index.data(MODALITY_ROLE)]
        if ids:
            data.setData(MODALITY_MIME, ids[0].encode())
            data.setText(ids[0])
        return data


class _Filter(QSortFilterProxyModel):
    """Keeps layers whose treatments match, and treatments matching every typed word."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        haystack = index.data(SEARCH_ROLE)
        if haystack is None:
            return False  # a layer: shown when one of its treatments matches (recursive filtering)
        return all(word in haystack for word in self.words)


class CatalogPanel(QWidget):
    modalityChosen = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.search = QLineEdit(placeholderText="Find a treatment (e.g. duloxetine, nerve block)…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a treatment")
        self.model = _CatalogModel()
        self._fill()
        self.filter = _Filter()
        self.filter.setSourceModel(self.model)
        self.tree = QTreeView(headerHidden=True)
        self.tree.setModel(self.filter)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.expandAll()
        self.tree.activated.connect(self._choose)  # double-click or Enter
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._choose_first)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.setFocusProxy(self.search)

    def _fill(self) -> None:
        for layer in LAYERS:
            heading = QStandardItem(LAYER_NAMES[layer])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setForeground(LAYER_COLOURS[layer])
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for modality in sorted(self.catalog.in_layer(layer), key=lambda m: m.name):
                entry = QStandardItem(modality.name)
                entry.setData(modality.id, MODALITY_ROLE)
                entry.setData(f"{modality.name} {modality.id} {modality.class_id}".casefold(), SEARCH_ROLE)
                entry.setToolTip(modality_tooltip(self.catalog, modality))
                entry.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                heading.appendRow(entry)
            self.model.appendRow(heading)

    def _search(self, text: str) -> None:
        self.filter.set_text(text)
        self.tree.expandAll()
        first = self._first_match()
        if first.isValid():
            self.tree.setCurrentIndex(first)

    def _first_match(self) -> QModelIndex:
        for row in range(self.filter.rowCount()):
            layer = self.filter.index(row, 0)
            if self.filter.rowCount(layer):
                return self.filter.index(0, 0, layer)
        return QModelIndex()

    def _choose(self, index: QModelIndex) -> None:
        modality_id = index.data(MODALITY_ROLE)
        if modality_id:
            self.modalityChosen.emit(modality_id)

    def _choose_first(self) -> None:
        current = self.tree.currentIndex()
        self._choose(current if current.isValid() and current.data(MODALITY_ROLE) else self._first_match())
