"""Preview a printout (QtPdf), then print it or save it as a PDF. The handout can switch to large print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplanner.atomic import write_atomically
from careplanner.reports import ReportError

Render = Callable[[bool], bytes]  # large print -> PDF bytes


class PrintPreview(QDialog):
    def __init__(
        self,
        title: str,
        suggested_name: str,
        render: Render,
        *,
        large_print_option: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.renderer, self.suggested_name = render, suggested_name
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.pdf = b""
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.large = QCheckBox("Large print (16 pt)")
        self.large.setVisible(large_print_option)
        self.pages = QLabel(wordWrap=True)
        self.save = QPushButton("Save as PDF…")
        self.print_ = QPushButton("Print…")
        self.print_.setDefault(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.large)
        bar.addWidget(self.pages)
        bar.addStretch()
        bar.addWidget(self.save)
        bar.addWidget(self.print_)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.large.toggled.connect(self._print_size_changed)
        self.document.statusChanged.connect(self._status_changed)
        self.save.clicked.connect(self.save_as)
        self.print_.clicked.connect(self.choose_printer)
        self._fit_screen(900, 1000)
        self.refresh()

    def _fit_screen(self, width: int, height: int) -> None:
        """A page's shape, but never taller or wider than the screen: its buttons stay on a laptop screen."""
        room = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(width, room.width() * 9 // 10), min(height, room.height() * 9 // 10))

    def refresh(self) -> None:
        self.pdf = self.renderer(self.large.isChecked())
        self.document.close()
        # The document reads from the buffer: keep it alive, and let it own a copy of the bytes (a QBuffer
        # built on a temporary QByteArray would point at memory Python has already freed).
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.print_.setEnabled(False)  # the document loads asynchronously: print once it is ready
        self.pages.setText("Preparing…")
        self.document.load(self._buffer)

    def _print_size_changed(self) -> None:
        try:
            self.refresh()
        except ReportError as error:  # only this print size fails: say so, offer nothing to print
            self.pdf = b""
            self.document.close()
            self.print_.setEnabled(False)
            self.save.setEnabled(False)
            self.pages.setText(str(error))
            return
        self.save.setEnabled(True)

    @property
    def ready(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    def _status_changed(self, status: QPdfDocument.Status) -> None:
        if status == QPdfDocument.Status.Ready:
            count = self.document.pageCount()
            self.pages.setText(f"{count} page{'s' if count != 1 else ''}")
            self.print_.setEnabled(True)
        elif status == QPdfDocument.Status.Error:
            self.pages.setText("The preview cannot be shown; the PDF can still be saved.")

    def save_as(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save as PDF", self.suggested_name, "PDF (*.pdf)")
        if name:
            try:
                write_atomically(self.pdf, Path(name))
            except OSError as error:
                QMessageBox.warning(self, "Not saved", f"{name} cannot be written: {error.strerror or error}")

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page drawn at the printer's resolution, fitted to its page."""
        if not self.ready:
            return
        painter = QPainter(printer)
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                area = painter.viewport()
                size = (
                    self.document.pagePointSize(page)
                    .scaled(QSize(area.width(), area.height()).toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
                    .toSize()
                )
                painter.drawImage(0, 0, self.document.render(page, size))
        finally:
            painter.end()
