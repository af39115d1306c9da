"""Open, save, recent files and graph export: the network file as a document.

`modified` means "the network changed since it was opened or saved": it follows the
bridge's networkChanged signal (every edit, including an undo, emits it), so it also
covers edits that bypass the undo stack. Undoing back to the saved state still counts as
modified: asking once too often is cheaper than losing work. Training and moving the
cursor do not count (they emit no networkChanged): the file reproduces them exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QImage, QPaintDevice, QPainter, QUndoStack
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsScene, QGraphicsView, QMessageBox, QWidget

from ..core import spec as spec_mod
from ..core.errors import SpecError
from ..core.spec import NetworkSpec
from .bridge import SessionBridge
from .dock_views import saved

NETWORK_FILTER = "bpviewer networks (*.json)"
EXPORT_FILTERS = {".png": "PNG image, 2× (*.png)", ".svg": "SVG drawing (*.svg)"}
RECENT_KEY = "recentFiles"
MAX_RECENT = 8
PNG_SCALE = 2


def relocated(spec: NetworkSpec, folder: Path) -> NetworkSpec:
    """The spec as written into `folder`: a CSV path stays relative to the JSON file."""
    if "csv" not in spec.data:
        return spec
    source = (Path(spec.base_dir or ".") / spec.data["csv"]).resolve()
    return spec.with_changes(data={**spec.data, "csv": os.path.relpath(source, folder)})


class FileController(QObject):
    """The window wires `EditController.presetLoaded` to `forget_path`, so Save never
    overwrites the previous file with a preset."""

    modifiedChanged = Signal(bool)
    pathChanged = Signal(str)
    recentChanged = Signal()

    def __init__(self, bridge: SessionBridge, parent: QWidget,
                 settings: QSettings | None = None,
                 undo_stack: QUndoStack | None = None) -> None:
        """`undo_stack`, when given, is cleared on open: old edits cannot apply to a new file."""
        super().__init__(parent)
        self.bridge = bridge
        self._window = parent
        self._settings = settings if settings is not None else QSettings("bpviewer", "bpviewer")
        self.undo_stack = undo_stack
        self._path = ""
        self._modified = False
        self._settling = False
        bridge.networkChanged.connect(self._network_changed)

    # -- state ---------------------------------------------------------------------------
    @property
    def path(self) -> str:
        return self._path

    @property
    def modified(self) -> bool:
        return self._modified

    def _network_changed(self) -> None:
        if not self._settling:
            self._set_modified(True)

    def _set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modifiedChanged.emit(modified)

    def _settle(self, path: str) -> None:
        """Deliver pending change events first, so they cannot mark the fresh state modified."""
        self._settling = True
        try:
            self.bridge.flush()
        finally:
            self._settling = False
        if path != self._path:
            self._path = path
            self.pathChanged.emit(path)
        self._set_modified(False)

    def forget_path(self) -> None:
        """The network no longer comes from the open file (a preset replaced it): Save asks."""
        self._settle("")

    # -- open and save -------------------------------------------------------------------
    def open(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Open network"), self._folder(),
                                              NETWORK_FILTER)
        return bool(path) and self.open_path(path)

    def open_path(self, path: str | os.PathLike) -> bool:
        """Load a file; on bad input show its one-line reason and keep the open network."""
        path = os.path.abspath(path)
        try:
            self.bridge.session.load(spec_mod.load(path))
        except SpecError as err:
            self._error(self.tr("Cannot open network"),
                        (err if err.source else err.with_source(path)).line())
            return False
        if self.undo_stack is not None:
            self.undo_stack.clear()
        self._settle(path)
        self._remember(path)
        return True

    def save(self) -> bool:
        return self._write(self._path) if self._path else self.save_as()

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self._window, self.tr("Save network as"),
                                              self._path or "network.json", NETWORK_FILTER)
        if not path:
            return False
        return self._write(path if path.endswith(".json") else path + ".json")

    def _write(self, path: str) -> bool:
        path = os.path.abspath(path)
        try:
            spec_mod.save(relocated(self.bridge.session.current_spec(), Path(path).parent), path)
        except SpecError as err:
            self._error(self.tr("Cannot save network"), err.line())
            return False
        self._settle(path)
        self._remember(path)
        return True

    def maybe_save(self) -> bool:
        """Before the network is replaced or the window closes; False means "stop"."""
        if not self._modified:
            return True
        name = os.path.basename(self._path) or self.tr("the network")
        answer = QMessageBox.question(
            self._window, self.tr("Unsaved changes"),
            self.tr("Save the changes to %1?").replace("%1", name),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    # -- recent files --------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Most recent first; files that have gone missing are left out."""
        paths = self._settings.value(RECENT_KEY, [], type=list)
        return [p for p in paths if os.path.isfile(p)][:MAX_RECENT]

    def _remember(self, path: str) -> None:
        paths = [path] + [p for p in self.recent_files() if p != path]
        self._settings.setValue(RECENT_KEY, paths[:MAX_RECENT])
        self.recentChanged.emit()

    def _folder(self) -> str:
        return os.path.dirname(self._path) or next(
            (os.path.dirname(p) for p in self.recent_files()), "")

    # -- graph export --------------------------------------------------------------------
    def export_graph(self, view: QGraphicsView) -> bool:
        stem = Path(self._path).stem or "network"
        path, chosen = QFileDialog.getSaveFileName(
            self._window, self.tr("Export graph"), os.path.join(self._folder(), f"{stem}.png"),
            ";;".join(EXPORT_FILTERS.values()))
        if not path:
            return False
        if Path(path).suffix.lower() not in EXPORT_FILTERS:
            path += next((s for s, f in EXPORT_FILTERS.items() if f == chosen), ".png")
        return self.export_graph_to(view, path)

    def export_graph_to(self, view: QGraphicsView, path: str | os.PathLike) -> bool:
        """PNG at 2× the scene's size, or SVG, chosen by the file's extension."""
        path = str(path)
        suffix = Path(path).suffix.lower()
        if suffix not in EXPORT_FILTERS:
            self._error(self.tr("Cannot export graph"),
                        f"{path}: " + self.tr("use a .png or .svg file name"))
            return False
        writer = _write_svg if suffix == ".svg" else _write_png
        scene = view.scene()
        return scene is not None and saved(self._window, path, lambda temporary: writer(
            scene, _background(view), temporary), self.tr("Cannot export graph"))

    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self._window, title, text)


def _background(view: QGraphicsView) -> QBrush:
    """What the viewer sees behind the graph, so the export looks like the screen."""
    for brush in (view.scene().backgroundBrush(), view.backgroundBrush()):
        if brush.style() != Qt.NoBrush:
            return brush
    return view.palette().base()


def _render(scene: QGraphicsScene, device: QPaintDevice, background: QBrush,
            target: QRectF) -> bool:
    painter = QPainter()
    if not painter.begin(device):
        return False
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    painter.fillRect(target, background)
    scene.render(painter, target, scene.sceneRect())
    return painter.end()


def _write_png(scene: QGraphicsScene, background: QBrush, path: str) -> bool:
    size = (scene.sceneRect().size() * PNG_SCALE).toSize()
    image = QImage(size, QImage.Format_ARGB32)
    return _render(scene, image, background, QRectF(image.rect())) and image.save(path, "PNG")


def _write_svg(scene: QGraphicsScene, background: QBrush, path: str) -> bool:
    rect = QRectF(0, 0, scene.sceneRect().width(), scene.sceneRect().height())
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(rect.size().toSize())
    generator.setViewBox(rect)
    generator.setTitle("bpviewer network")
    return _render(scene, generator, background, rect)
