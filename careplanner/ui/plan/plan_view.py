"""The plan in its layers (foundation first): one row per item with its weeks and its worst finding."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTreeView, QWidget

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog
from careplanner.checks.finding import SEVERITIES
from careplanner.checks.mme import mme_of, mme_text
from careplanner.domain import PlanItem
from careplanner.editing import operations
from careplanner.ui.plan.catalog_panel import MODALITY_MIME
from careplanner.ui.theme import LAYER_COLOURS, severity_icon
from careplanner.ui.workspace import Workspace, follow

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10
COLUMNS = ("Treatment", "Findings", "Starts", "Assessed", "Ends", "Dose", "Region")
STATUS = 1


def _cell(text: str, item_id: str | None = None) -> QStandardItem:
    cell = QStandardItem(text)
    cell.setEditable(False)
    if item_id is not None:
        cell.setData(item_id, ITEM_ROLE)
    return cell


def _week(value: int | None, empty: str = "—") -> str:
    return empty if value is None else f"week {value}"


def _dose(catalog: Catalog, item: PlanItem) -> str:
    """The dose in its unit; for an opioid also its morphine milligram equivalents, "40 mg a day (60 MME)"."""
    if item.dose is None:
        return ""
    mme = mme_of(catalog, item.modality, item.dose)
    return item.dose.text if mme is None else f"{item.dose.text} ({mme_text(mme)} MME)"


def _replaced_name(workspace: Workspace, target: str) -> str:
    """What an item replaces: another planned item, or an ongoing treatment from the history."""
    replaced = workspace.document.plan.item(target)
    modality = replaced.modality if replaced else target
    catalog = workspace.catalog
    return catalog.modality(modality).name if modality in catalog.modalities else target


class PlanView(QTreeView):
    """Read-only outline of the plan; editing happens in the item form beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.model_ = QStandardItemModel()
        self.setModel(self.model_)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setAccessibleName("Plan items by layer")
        self._syncing = False
        self.selectionModel().selectionChanged.connect(self._selection_to_workspace)

    def set_workspace(self, workspace: Workspace | None) -> None:
        links: dict[str, Callable[..., object]] = {
            "changed": self.refresh,
            "checked": self._refresh_status,
            "selectionChanged": self._select,
        }
        follow(self.workspace, workspace, links)
        self.workspace = workspace
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._syncing = True
        self.model_.clear()
        self.model_.setHorizontalHeaderLabels(list(COLUMNS))
        if self.workspace is not None:
            self._fill(self.workspace)
        self.expandAll()
        for column in range(1, len(COLUMNS)):
            self.resizeColumnToContents(column)
        self.setColumnWidth(0, max(self.columnWidth(0), 170))
        self._syncing = False
        if self.workspace is not None:
            self._select(self.workspace.selection)
            self._refresh_status(self.workspace.report)

    def _fill(self, workspace: Workspace) -> None:
        catalog, plan = workspace.catalog, workspace.document.plan
        for layer in LAYERS:
            items = sorted(
                (item for item in plan.items if catalog.modality(item.modality).layer == layer),
                key=lambda item: (item.start_week, item.id),
            )
            heading = _cell(f"{LAYER_NAMES[layer]} ({len(items)})")
            heading.setForeground(LAYER_COLOURS[layer])
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setSelectable(False)
            for item in items:
                modality = catalog.modality(item.modality)
                replaces = f" (replaces {_replaced_name(workspace, item.replaces)})" if item.replaces else ""
                heading.appendRow(
                    [
                        _cell(f"{modality.name}{replaces}", item.id),
                        _cell("", item.id),
                        _cell(_week(item.start_week), item.id),
                        _cell(_week(item.assess_week, "not set"), item.id),
                        _cell(_week(item.end_week, "open"), item.id),
                        _cell(_dose(catalog, item), item.id),
                        _cell(item.region or "", item.id),
                    ]
                )
            self.model_.appendRow([heading, *(_cell("") for _ in COLUMNS[1:])])

    def _refresh_status(self, report: object) -> None:
        if self.workspace is None:
            return
        for layer_row in range(self.model_.rowCount()):
            heading = self.model_.item(layer_row)
            for row in range(heading.rowCount()):
                status = heading.child(row, STATUS)
                item_id = status.data(ITEM_ROLE)
                findings = [f for f in self.workspace.report.for_item(item_id) if f.counts]
                if not findings:
                    status.setText("✓" if self.workspace.document.plan.item(item_id) else "")
                    status.setIcon(QIcon())
                    status.setToolTip("No findings")
                    continue
                worst = min(findings, key=lambda f: SEVERITIES.index(f.severity))
                status.setIcon(severity_icon(worst.severity))
                status.setText(f"{len(findings)}")
                status.setToolTip("\n".join(f.message for f in findings))

    # -- selection ---------------------------------------------------------------------------------
    def _rows_for(self, item_ids: tuple[str, ...]) -> list[QModelIndex]:
        found = []
        for layer_row in range(self.model_.rowCount()):
            heading = self.model_.item(layer_row)
            for row in range(heading.rowCount()):
                if heading.child(row).data(ITEM_ROLE) in item_ids:
                    found.append(heading.child(row).index())
        return found

    def _select(self, refs: object) -> None:
        if self._syncing:
            return
        self._syncing = True
        selection = QItemSelection()
        rows = self._rows_for(tuple(refs))  # type: ignore[arg-type]
        for index in rows:
            selection.select(index, index.siblingAtColumn(len(COLUMNS) - 1))
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if rows:
            self.selectionModel().setCurrentIndex(rows[0], QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(rows[0])
        self._syncing = False

    def _selection_to_workspace(self) -> None:
        if self._syncing or self.workspace is None:
            return
        chosen = {
            index.data(ITEM_ROLE) for index in self.selectionModel().selectedRows() if index.data(ITEM_ROLE)
        }
        ordered = tuple(item.id for item in self.workspace.document.plan.items if item.id in chosen)
        self._syncing = True
        self.workspace.select(ordered)
        self._syncing = False

    # -- keyboard and drops ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.workspace and self.workspace.selection:
            self.remove_selected()
            return
        super().keyPressEvent(event)

    def remove_selected(self) -> None:
        workspace = self.workspace
        if workspace is None or workspace.read_only:
            return
        document = workspace.document
        names = []
        for item_id in workspace.selection:
            if document.plan.item(item_id):
                name = workspace.catalog.modality(operations.item(document, item_id).modality).name
                refusal = operations.removal_refusal(document, item_id, workspace.catalog)
                if refusal is not None:
                    QMessageBox.warning(self, f"{name} is not removed", refusal)
                    return  # nothing of the selection is removed: all or none
                names.append(name)
                document = operations.remove_item(document, item_id)
        if names:
            workspace.apply(document, f"Remove {', '.join(names)}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MODALITY_MIME) and self.workspace and not self.workspace.read_only:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.workspace is None or not event.mimeData().hasFormat(MODALITY_MIME):
            return
        modality_id = bytes(event.mimeData().data(MODALITY_MIME).data()).decode()
        add_treatment(self.workspace, modality_id)
        event.acceptProposedAction()


def add_treatment(workspace: Workspace, modality_id: str, start_week: int | None = None) -> str | None:
    """Add a treatment at the given week, or at the earliest week that raises no timing finding."""
    if workspace.read_only:
        return None
    catalog = workspace.catalog
    week = (
        operations.suggest_start(workspace.document, catalog, modality_id)
        if start_week is None
        else start_week
    )
    document, item_id = operations.add_item(workspace.document, catalog, modality_id, week)
    workspace.apply(document, f"Add {catalog.modality(modality_id).name}")
    workspace.select((item_id,))
    return item_id
