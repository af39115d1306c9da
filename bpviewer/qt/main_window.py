"""The lecture window: the network and the chain rule in the middle, tables and plots in
docks, labs as tabs beside the network, every command from the action registry.

The window holds no numbers of its own: each view reads the Session through the bridge;
the window only routes commands (keys, menus, toolbar) to the Session and the controllers.
"""

from __future__ import annotations

import gc
import importlib
import os
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QByteArray, QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QCursor, QPaintEvent, QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core import lesson as lesson_mod
from ..core import presets, texts
from ..core.errors import SpecError
from ..core.labs.warm import warm_up
from ..core.notices import notice
from ..core.session import Session
from . import identity
from . import theme as theme_mod
from .actions import ClickerKeys, build_actions, build_menus, build_toolbar, recolor_icons, shortcut_sheet
from .actions import retranslate as retranslate_actions
from .background import background, finish_all
from .bridge import SessionBridge
from .chain_panel import ChainPanel
from .editing import EditController
from .files import FileController
from .fitted_label import FittedLabel
from .i18n import SYSTEM, install, tr_action, tr_lab, tr_lab_tab
from .lesson_panel import LessonPanel
from .network_view import ZOOM_STEP as GRAPH_ZOOM_STEP
from .network_view import NetworkView
from .pacing import STATUS_INTERVAL_S, Paced
from .practice import PracticeController
from .runner import Runner
from .settings import Settings
from .step_controls import StepControls
from .theme import Theme
from .train_progress import TrainProgress
from .welcome import LESSON, OPEN, PRESET, WelcomeDialog
from .zoom import text_zoom

CHAIN_SHARE = (3, 2)  # network : chain-rule panel heights
LABS_DELAY_MS = 500
DOCK_SHARE = 0.24  # the right docks' share of the window's width, until the teacher drags them
LESSON_DOCK_SHARE = 0.4  # at most, for a dock a lesson slide talks about: what the graph spares
DOCK_GAP = 10  # the separator and frames between the graph and a dock beside it


def _import_labs_module() -> None:
    """The labs' modules, torch, and torch.optim's own slow first import."""
    importlib.import_module("bpviewer.qt.labs")
    warm_up()


def finish_labs_import() -> None:
    """Before the interpreter exits: work cut short by the shutdown fails noisily."""
    finish_all()


def _holder() -> QWidget:
    holder = QWidget()
    QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
    return holder


def _dock_view(name: str, bridge: SessionBridge) -> QWidget:
    """A dock's view, its module imported only now (the plots and the map: pyqtgraph)."""
    if name == "tables":
        from .tables import TablesWidget

        return TablesWidget(bridge)
    if name == "plots":
        from .plots import PlotsWidget

        return PlotsWidget(bridge)
    from .decision_map import DecisionMapWidget

    return DecisionMapWidget(bridge)


class LabPlaceholder(QWidget):
    """A tab standing for a lab until the teacher opens it and its preparation is done."""

    def __init__(self, lab: type[QWidget]) -> None:
        super().__init__()
        self.lab = lab
        self.requested = False
        note = QLabel(self.tr("Preparing the lab…"), self)
        note.setAlignment(Qt.AlignCenter)
        QVBoxLayout(self).addWidget(note)

    def next_step(self) -> None:
        """The clicker waits for the lab."""

    def previous_step(self) -> None:
        """The clicker waits for the lab."""


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: Settings | None = None,
                 fast_start: bool = False) -> None:
        """settings None: defaults, nothing remembered (as `bpviewer shot` renders).
        fast_start, as `bpviewer` opens: the docks' views (pyqtgraph: a third of the
        start-up time) are built once the window is on screen, and the labs (torch) are
        imported in a worker thread. Otherwise both happen in the GUI thread."""
        theme = Theme(dark=settings.dark, zoom=settings.zoom) if settings else Theme()
        # style, palette and font before any widget, the window included: built under what
        # an earlier window left behind, the first layouts (and the graph's scale) differed
        theme_mod.apply(QApplication.instance(), theme)
        super().__init__()
        self.theme = theme
        self.session = session
        self.settings = settings
        self.bridge = SessionBridge(session, self)
        self.undo_stack = QUndoStack(self)
        self._normal_state = QByteArray()  # toolbars and docks before presenter mode
        self._before_lesson = QByteArray()  # the docks as the teacher had them
        self._plots_before = 0  # and the plots they showed
        self._chain_wanted = True  # a lesson slide about a dock lets the graph have its room
        self._map_withdrawn = False  # the decision map's dock, closed while it means nothing
        self._labs_added = False
        self._frozen_shape: tuple[int, ...] = ()  # the network shape frozen after its load
        self._dock_sized: tuple[QDockWidget, float, int] | None = None  # see _size_dock
        self._pending_lab: str | None = None  # asked for before the labs were imported
        self.view = NetworkView(self.bridge)
        self.view.defer_layout_to_show()
        self.chain = ChainPanel(self.bridge, settings.precision if settings else 6)
        self.runner = Runner(self.bridge, self)
        self.controls = StepControls(self.bridge, self.runner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        theme_mod.tight_tabs(self.tabs.tabBar())  # the seven tabs whole at 1024×768 (see Lab.tab)
        self.tabs.addTab(self.view, self.tr("Network"))
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.chain)
        self.setCentralWidget(self.splitter)
        self.edits = EditController(self.bridge, self.undo_stack, self)
        self.files = FileController(self.bridge, self, settings.qsettings if settings else None,
                                    self.undo_stack)
        self.commands = build_actions(self)
        self.menus = build_menus(self, self.commands)
        self.toolbar = build_toolbar(self, self.commands)
        self.recent_menu = QMenu(self)
        self.commands["open_recent"].setMenu(self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.clicker = ClickerKeys(self, self.commands)
        self.train_progress = TrainProgress(self.session, self)
        self.status = FittedLabel()
        self.message = QLabel()
        self.message.setStyleSheet("color: #D55E00; font-weight: bold")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addWidget(self.message)
        self.practice = PracticeController(self.bridge, self.chain, self, settings)
        self.chain.precisionChanged.connect(self.practice.set_precision)
        self._build_notice()
        self.statusBar().addPermanentWidget(self.controls)
        self._fast_start = fast_start
        self._build_docks(fast_start)
        self._build_lesson_dock()
        self._connect()
        self._restore()
        self.lesson_dock.hide()
        self._apply_theme()
        self._network_changed()
        self._cursor_changed()

    # -- construction -------------------------------------------------------------------
    def _build_notice(self) -> None:
        """The network's notice at the toolbar's free right end: in the status bar it
        pushed the status line's tail ("· sample 1/300") out of a 1024 px window."""
        self.granularity_note = QLabel()  # beside Neuron · Layer · Phase (Session.granularity_note)
        self.granularity_note.setContentsMargins(8, 0, 8, 0)
        self.toolbar.addWidget(self.granularity_note)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.toolbar.addWidget(spacer)
        self.notice = QLabel()
        self.notice.setContentsMargins(8, 0, 8, 0)
        self.toolbar.addWidget(self.notice)

    def _build_docks(self, defer: bool) -> None:
        docks = []
        self._dock_shown: dict[str, bool] = {}
        for name, title in (("tables", self.tr("Tables")), ("plots", self.tr("Plots")),
                            ("decision_map", self.tr("Decision map"))):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)  # saveState's key: never translated
            dock.setWidget(_holder())
            dock.visibilityChanged.connect(
                lambda shown, d=dock: self._dock_visibility_changed(d, shown))
            self.addDockWidget(Qt.RightDockWidgetArea, dock)
            self.menus["&View"].addAction(dock.toggleViewAction())
            docks.append(dock)
        for dock in docks[1:]:
            self.tabifyDockWidget(docks[0], dock)
        docks[0].raise_()
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:  # the tabified docks' titles: whole words, never "Ta…"
                bar.setElideMode(Qt.ElideNone)
                bar.setUsesScrollButtons(True)
                theme_mod.tight_tabs(bar)
        self._right_dock = docks[0]
        self._docks = docks
        self._docks_pending = defer
        if not defer:
            self._fill_docks()

    def _dock_visibility_changed(self, dock: QDockWidget, shown: bool) -> None:
        self._dock_shown[dock.objectName()] = shown
        if shown and not self._docks_pending:
            self._fill_dock(dock)

    def _fill_docks(self, only_shown: bool = False) -> None:
        """The docks' views; only_shown: those on screen, each other one when first shown
        (the plots and the decision map behind the tables' tab load pyqtgraph: 0.3 s)."""
        for dock in self._docks:
            if not only_shown or self._dock_shown.get(dock.objectName()):
                self._fill_dock(dock)

    def _fill_dock(self, dock: QDockWidget) -> None:
        name = dock.objectName()
        if hasattr(self, name):
            return
        widget = _dock_view(name, self.bridge)
        setattr(self, name, widget)  # self.tables, self.plots, self.decision_map
        dock.widget().layout().addWidget(widget)
        # a dock behind another's tab is moved off screen, not hidden: hide its view (in a
        # holder, which keeps the dock's size), so the view's refresh-when-visible skips it
        # while training runs
        widget.setVisible(self._dock_shown.get(name, True))
        dock.visibilityChanged.connect(widget.setVisible)
        if name == "tables":
            widget.editParamRequested.connect(self.edits.edit_param)

    def _build_lesson_dock(self) -> None:
        self.lesson = LessonPanel(self.session, self.edits.load_preset, self.show_lab,
                                  self.show_dock)
        self.lesson_dock = QDockWidget(self.tr("Lesson"), self)
        self.lesson_dock.setObjectName("lesson")
        self.lesson_dock.setWidget(self.lesson)
        self.lesson_dock.setFeatures(QDockWidget.NoDockWidgetFeatures)
        self.addDockWidget(Qt.TopDockWidgetArea, self.lesson_dock)
        self.lesson.activeChanged.connect(self._lesson_changed)
        self.commands["leave_lesson"].setEnabled(False)

    def add_lab_tabs(self) -> None:
        """A tab per lab. The labs compute with torch, which takes seconds to load, so
        this runs once the window is on screen and each lab is built when first shown."""
        if self._labs_added:
            return
        self._labs_added = True
        if self._fast_start:
            # start-up's ~200,000 objects (Qt wrappers, pyqtgraph, torch) live as long as the
            # process: out of the collector's full passes, each of which stalled Run ~0.2 s
            gc.freeze()
        from .labs import LABS

        for lab in LABS:
            self._name_lab_tab(self.tabs.addTab(LabPlaceholder(lab), ""), lab)
        if self._pending_lab is not None:
            self.show_lab(self._pending_lab)

    def _name_lab_tab(self, index: int, lab: type[QWidget]) -> None:
        """The tab's short title (tr_lab_tab), its full title as its tooltip."""
        self.tabs.setTabText(index, tr_lab_tab(lab))
        self.tabs.setTabToolTip(index, tr_lab(lab.title))

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, LabPlaceholder) and not page.requested:
            page.requested = True
            work = background(page.lab.prepare)
            work.done.connect(self._build_prepared_labs)
            if work.finished:
                self._build_prepared_labs()
        self.chain.setVisible(index == 0 and self._chain_wanted)

    def _build_prepared_labs(self) -> None:
        """Each opened lab whose preparation (imports, first computation: seconds, in a
        worker) is done replaces its placeholder; building it then takes milliseconds."""
        for index in range(1, self.tabs.count()):
            page = self.tabs.widget(index)
            if not (isinstance(page, LabPlaceholder) and page.requested
                    and background(page.lab.prepare).finished):
                continue
            lab = page.lab()
            lab.attach(self.bridge)
            # a lab wider than the tabs squeezes instead of growing the window past the screen
            lab.setMinimumSize(1, 1)
            current = self.tabs.currentIndex() == index
            with QSignalBlocker(self.tabs):
                self.tabs.removeTab(index)
                self._name_lab_tab(self.tabs.insertTab(index, lab, ""), page.lab)
                if current:
                    self.tabs.setCurrentIndex(index)
            page.deleteLater()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._docks_pending:  # the first frame is on screen: now the docks' views
            self._docks_pending = False
            QTimer.singleShot(0, self, lambda: self._fill_docks(only_shown=True))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and not self._docks_placed:
            # being shown, at its final size, before its layout runs: sized after the first
            # paint, the graph laid out at the dock's hint width and again at this one
            self._docks_placed = True
            self._size_dock(self._right_dock, DOCK_SHARE)
        return super().event(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._labs_added:
            QTimer.singleShot(LABS_DELAY_MS, self,
                              self._import_labs if self._fast_start else self.add_lab_tabs)

    def _import_labs(self) -> None:
        """The lab tabs once their modules, and torch with them, are imported: in a worker
        thread, so the window stays live for the seconds torch takes."""
        importer = background(_import_labs_module)
        importer.done.connect(self.add_lab_tabs)
        if importer.finished:  # `done` went before we listened (add_lab_tabs runs once)
            self.add_lab_tabs()

    def _connect(self) -> None:
        b = self.bridge
        self._status_paced = Paced(b, self._cursor_changed, self, every=STATUS_INTERVAL_S)
        b.cursorChanged.connect(self._status_paced)
        b.networkChanged.connect(self._network_changed)
        b.message.connect(self.message.setText)
        self.view.paramActivated.connect(self.edits.edit_param)
        self.edits.presetLoaded.connect(lambda _: self.files.forget_path())
        self.files.modifiedChanged.connect(self.setWindowModified)
        self.runner.runningChanged.connect(self._running_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.undo_stack.canUndoChanged.connect(self.commands["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.commands["redo"].setEnabled)
        self.commands["undo"].setEnabled(False)
        self.commands["redo"].setEnabled(False)
        self.view.set_precision(self.chain.precision)
        self.chain.precisionChanged.connect(self.view.set_precision)
        if self.settings is not None:
            self.chain.precisionChanged.connect(
                lambda p: setattr(self.settings, "precision", p))

    def _restore(self) -> None:
        granularity = self.settings.granularity if self.settings else "neuron"
        if self.session.large and granularity == "neuron":
            granularity = self.session.granularity  # thousands of clicks: a layer at a time
        self.commands[granularity].setChecked(True)
        if self.settings is None or not self.restoreGeometry(self.settings.geometry):
            self.resize(1280, 800)
        if self.settings is None or not self.splitter.restoreState(self.settings.splitter):
            self.splitter.setSizes([share * 100 for share in CHAIN_SHARE])
        self._docks_placed = self.settings is not None and self.restoreState(self.settings.state)
        self.commands["dark"].setChecked(self.theme.dark)
        animate = self.settings.animate if self.settings else True
        self.commands["animate_steps"].setChecked(animate)
        self.view.animation.set_enabled(animate)
        maps = self.settings.neuron_maps if self.settings else False
        self.commands["neuron_maps"].setChecked(maps)
        self.view.maps.set_enabled(maps)
        language = self.settings.language if self.settings else SYSTEM
        with QSignalBlocker(self.commands[f"lang_{language}"]):
            self.commands[f"lang_{language}"].setChecked(True)

    # -- reactions ----------------------------------------------------------------------
    def _cursor_changed(self) -> None:
        self.status.setText(self.session.status())
        self.status.setToolTip(self.status.text())  # whole where the line gives way
        self.granularity_note.setText(self.session.granularity_note())

    def _network_changed(self) -> None:
        with QSignalBlocker(self.commands[self.session.granularity]):
            self.commands[self.session.granularity].setChecked(True)
        self.message.clear()
        self._network_texts()
        self._offer_decision_map()
        shape = tuple(self.session.spec.layers)
        if self._labs_added and self._fast_start and shape != self._frozen_shape:
            # a loaded network's scene and step plans (~75,000 objects on phone-price) out of
            # the collector's full passes, as start-up's are: each stalled a click or Run
            # ~0.1 s. What the replaced network left is collected now, within the load (a
            # collection just before Run's first frame slowed it 15 -> 55 ms); frozen once built.
            # Only for a new shape (new scene and plans): an edit (a weight, the learning
            # rate) announces the network too, and a collection costs ~0.2 s.
            self._frozen_shape = shape
            gc.unfreeze()
            gc.collect()
            QTimer.singleShot(0, self, gc.freeze)

    def _offer_decision_map(self) -> None:
        """The decision map and the neuron maps only where they mean something (a plane of
        inputs, several points): elsewhere the dock closes and View offers both greyed, until
        they do again."""
        dock = self._docks[2]
        meaningful = self.session.dataset.has_plane
        self.commands["neuron_maps"].setEnabled(meaningful)
        toggle = dock.toggleViewAction()
        toggle.setEnabled(meaningful)
        toggle.setToolTip("" if meaningful else self.tr(
            "The decision map needs two inputs and more than one sample"))
        if not meaningful and not dock.isHidden():
            self._map_withdrawn = True
            dock.hide()
        elif meaningful and self._map_withdrawn and not self.commands["presenter"].isChecked():
            self._map_withdrawn = False  # (presenter mode shows it when it ends)
            dock.show()

    def _network_texts(self) -> None:
        """The window title (a preset's name in the interface language) and the notice."""
        self.setWindowTitle(f"{texts.tr(self.session.spec.name)}[*] — bpviewer")
        line, detail = notice(self.session.spec)
        # the one notice core has today, short enough for the status line at 1024 px
        self.notice.setText(self.tr("softmax is in the loss") if line else "")
        self.notice.setToolTip(detail)

    def _running_changed(self, running: bool) -> None:
        run = self.commands["run"]
        with QSignalBlocker(run):
            run.setChecked(running)
        run.setText(self.tr("&Pause") if running else tr_action("&Run"))
        icon = QStyle.SP_MediaPause if running else QStyle.SP_MediaPlay
        run.setIcon(theme_mod.icon(icon, self.theme.colors))

    def _current_lab(self) -> QWidget | None:
        return self.tabs.currentWidget() if self.tabs.currentIndex() > 0 else None

    def _step(self, command) -> None:
        """A stepping command pauses a run first, so the teacher's click always lands."""
        self.runner.stop()
        self.message.clear()
        command()

    # -- handlers named in the action registry ------------------------------------------
    def open_file(self) -> None:
        if self.files.maybe_save():
            self.files.open()

    def save_file(self) -> None:
        self.files.save()

    def save_file_as(self) -> None:
        self.files.save_as()

    def choose_preset(self) -> None:
        if self.files.maybe_save():
            self.edits.choose_preset()

    def import_playground_link(self) -> None:
        if self.files.maybe_save() and self.edits.import_playground():
            self.files.forget_path()  # Save asks for a name: the link is not a file

    def export_graph(self) -> None:
        self.view.animation.stop()  # the drawing, without a click's passing dots
        with self.view.whole():  # every row, not those of the view's window alone
            self.files.export_graph(self.view)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.files.recent_files()
        for path in paths:
            action = self.recent_menu.addAction(os.path.basename(path))
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            self.recent_menu.addAction(self.tr("No recent networks")).setEnabled(False)

    def show_recent(self) -> None:
        """Ctrl+Shift+O: the recent networks at the mouse, to pick one by keyboard."""
        self.recent_menu.popup(QCursor.pos())

    def open_recent(self, path: str) -> bool:
        return self.files.maybe_save() and self.files.open_path(path)

    def export_table(self) -> None:
        self._fill_dock(self._docks[0])
        self.tables.current().ask_csv()

    def export_plots(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plots"), "plots.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            self._fill_dock(self._docks[1])
            self.plots.export_png(path)

    def export_handout(self) -> None:
        if self.session.record is None:
            self.message.setText(self.tr("No handout yet: compute iteration 1 first"))
            return
        name = f"{self.session.spec.name} - iteration {self.session.iteration}.html"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export handout"), name,
            self.tr("HTML handout (*.html);;PDF handout (*.pdf)"))
        if path:
            self.export_handout_to(path)

    def export_handout_to(self, path: str) -> bool:
        """HTML, or PDF when `path` ends in .pdf; a failure is one line in a message box."""
        from .handout_export import write_handout

        try:
            write_handout(self.session, path, self.chain.precision)
        except (OSError, ValueError) as err:
            QMessageBox.warning(self, self.tr("Cannot export handout"), str(err))
            return False
        return True

    def export_torch_script(self) -> None:
        from . import torch_files

        torch_files.export_script(self)

    def import_torch_weights(self) -> None:
        from . import torch_files

        torch_files.import_weights(self)

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def edit_network(self) -> None:
        self.edits.open_editor()

    def toggle_practice(self, on: bool) -> None:
        if on:
            self.practice.enter(self.chain.precision)
        else:
            self.practice.leave()

    def practice_reveal(self) -> None:
        self.practice.reveal()

    def export_exercises(self) -> None:
        from .exercises_export import export_exercises

        export_exercises(self, self.session.current_spec())

    def next_step(self) -> None:
        if self.practice.active:  # the clicker's forward shows the open answer
            self.practice.reveal()
            return
        if self.lesson.active:
            self._step(self.lesson.next)
            return
        lab = self._current_lab()
        self._step(lab.next_step if lab else self._click(self.session.next_step))

    def prev_step(self) -> None:
        if self.lesson.active:
            self._step(self.lesson.previous)
            return
        lab = self._current_lab()
        self._step(lab.previous_step if lab else self._click(self.session.prev_step))

    def _click(self, command: Callable[[], None]) -> Callable[[], None]:
        """A single step on the graph: its edges animate once it is drawn (nothing else
        does: Run, jumps, lessons and shots show their steps still)."""

        def click() -> None:
            command()
            self.view.animation.arm()

        return click

    def open_lesson(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open lesson"), "",
                                              self.tr("bpviewer lessons (*.json)"))
        if path:
            self.open_lesson_path(path)

    def open_lesson_path(self, path: str) -> bool:
        """Start the lesson in `path`; bad input is one line and changes nothing."""
        try:
            lesson = lesson_mod.load(path)
        except SpecError as err:
            QMessageBox.warning(self, self.tr("Cannot open lesson"), err.line())
            return False
        return self.start_lesson(lesson)

    def start_course_lesson(self) -> None:
        self.start_lesson(lesson_mod.shipped())

    def start_lesson(self, lesson: lesson_mod.Lesson) -> bool:
        if not self.files.maybe_save():
            return False
        self.runner.stop()
        if not self.lesson.active:
            self._fill_docks()
            self._before_lesson = self.saveState()
            self._plots_before = self.plots.choice.currentIndex()
        return self.lesson.start(lesson)

    def leave_lesson(self) -> None:
        self.lesson.leave()

    def _lesson_changed(self, active: bool) -> None:
        if not active:  # the docks and the chain rule as they were before the lesson
            self._chain_wanted = True
            self.chain.setVisible(self.tabs.currentIndex() == 0)
            self.restoreState(self._before_lesson)
            self._offer_decision_map()
            self.plots.choice.setCurrentIndex(self._plots_before)
        self.lesson_dock.setVisible(active)
        self.commands["leave_lesson"].setEnabled(active)

    def show_lab(self, title: str | None) -> None:
        """The tab of the lab whose (English) `title` is given, or the network for None."""
        self._pending_lab = None
        if title is None:
            self.tabs.setCurrentIndex(0)
            return
        if self._fast_start and not self._labs_added:  # torch is still being imported
            self._pending_lab = title
            self._import_labs()
            return
        self.add_lab_tabs()
        for index in range(1, self.tabs.count()):
            page = self.tabs.widget(index)
            lab = page.lab if isinstance(page, LabPlaceholder) else type(page)
            if lab.title == title:
                self.tabs.setCurrentIndex(index)
                return
        self.message.setText(self.tr("The lesson names no lab called %1").replace("%1", title))

    def show_dock(self, name: str | None, plot: str | None = None) -> None:
        """The dock a lesson slide names ("tables", "plots", "decision map") and no other
        (one left open from an earlier slide would talk beside a lab or another network);
        the plots dock shows the `plot` the slide names (core.lesson.PLOTS) alone, large.
        The slide is about the dock, not the step: the chain rule gives the graph its
        room, and the dock takes the width the graph spares with its text at the floor,
        between the default share and LESSON_DOCK_SHARE."""
        named = name.replace(" ", "_") if name else None
        for dock in self._docks:
            if dock.objectName() != named:
                dock.hide()
        self._chain_wanted = named is None
        self.chain.setVisible(self._chain_wanted and self.tabs.currentIndex() == 0)
        dock = self.findChild(QDockWidget, named) if named else None
        if dock is None or not dock.toggleViewAction().isEnabled():
            return
        self._fill_docks()
        if named == "plots":
            self.plots.show_named(plot)
        dock.show()
        dock.raise_()
        self.bridge.flush()  # the graph of the slide's network, not the one before
        height = self.splitter.height() - self.tabs.tabBar().height()
        spare = self.width() - self.view.fit_width(height) - DOCK_GAP
        wide = min(max(spare, self.width() * DOCK_SHARE), self.width() * LESSON_DOCK_SHARE)
        self._size_dock(dock, wide / self.width())

    def _size_dock(self, dock: QDockWidget, share: float) -> None:
        """A right dock at `share` of the window's width, and again at each window resize
        until the teacher drags it: a window moved from a 1280 px screen to a 1024 px
        projector kept a 307 px dock, and the graph scrolled."""
        width = round(self.width() * share)
        self.resizeDocks([dock], [width], Qt.Horizontal)
        self._dock_sized = (dock, share, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._dock_sized is None or event.size().width() == event.oldSize().width():
            return
        dock, share, width = self._dock_sized
        # a hidden window's dock is not dragged: one polished before it was resized (a long
        # train's progress turned the event loop: `shot --iterations 300`) kept a 1280 px
        # window's 307 px at 1024
        if self.isVisible() and (not dock.isVisible() or abs(dock.width() - width) > DOCK_GAP):
            self._dock_sized = None  # dragged: theirs
            return
        self._size_dock(dock, share)

    def home(self) -> None:
        self._step(self.session.home)

    def end(self) -> None:
        self._step(lambda: self.session.goto(self.session.iteration))

    def next_iteration(self) -> None:
        self._step(self.session.next_iteration)

    def prev_iteration(self) -> None:
        self._step(self.session.prev_iteration)

    def goto_iteration(self) -> None:
        """The iteration box takes the typing; Enter jumps (see StepControls)."""
        self.controls.spin.setFocus(Qt.ShortcutFocusReason)
        self.controls.spin.selectAll()

    def reset(self) -> None:
        self._step(self.session.reset)

    def toggle_run(self, running: bool) -> None:
        if running:
            self.message.clear()
            self.runner.start()
        else:
            self.runner.stop()

    def set_granularity(self, granularity: str) -> None:
        self.session.set_granularity(granularity)
        if self.settings is not None:
            self.settings.granularity = granularity

    def zoom_graph_in(self) -> None:
        self.view.zoom_by(GRAPH_ZOOM_STEP)

    def zoom_graph_out(self) -> None:
        self.view.zoom_by(1 / GRAPH_ZOOM_STEP)

    def zoom_graph_fit(self) -> None:
        self.view.zoom_fit()

    def text_bigger(self) -> None:
        self._set_theme(self.theme.zoomed(theme_mod.ZOOM_STEP))

    def text_smaller(self) -> None:
        self._set_theme(self.theme.zoomed(1 / theme_mod.ZOOM_STEP))

    def text_reset(self) -> None:
        self._set_theme(self.theme.zoomed(None))

    def set_animate_steps(self, on: bool) -> None:
        self.view.animation.set_enabled(on)
        if self.settings is not None:
            self.settings.animate = on

    def set_neuron_maps(self, on: bool) -> None:
        self.view.maps.set_enabled(on)
        if self.settings is not None:
            self.settings.neuron_maps = on

    def set_dark(self, dark: bool) -> None:
        self._set_theme(replace(self.theme, dark=dark))

    def set_presenter(self, on: bool) -> None:
        """Only the graph and the chain rule, large and high-contrast; keys keep working
        because every action also lives on the window itself."""
        if on:
            self._normal_state = self.saveState()
            for widget in self.findChildren(QDockWidget) + [self.toolbar]:
                widget.hide()
        else:
            self.restoreState(self._normal_state)
            self._offer_decision_map()  # for the network opened meanwhile
        for widget in (self.menuBar(), self.statusBar(), self.tabs.tabBar()):
            widget.setVisible(not on)
        self._set_theme(replace(self.theme, presenter=on))

    def set_fullscreen(self, on: bool) -> None:
        state = self.windowState()
        self.setWindowState(state | Qt.WindowFullScreen if on else state & ~Qt.WindowFullScreen)

    def show_welcome(self) -> WelcomeDialog:
        """Window-modal, not blocking: what the teacher picks is done when it closes."""
        show_again = self.settings.welcome if self.settings is not None else True
        progress = self.settings.practice() if self.settings is not None else {}
        dialog = WelcomeDialog(presets.describe(), show_again, self, progress)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._welcome_closed(dialog))
        dialog.open()
        return dialog

    def _welcome_closed(self, dialog: WelcomeDialog) -> None:
        if self.settings is not None:
            self.settings.welcome = dialog.show_again.isChecked()
        if dialog.choice == PRESET and self.files.maybe_save():
            self.edits.load_preset(dialog.chosen())
        elif dialog.choice == LESSON:
            self.start_course_lesson()
        elif dialog.choice == OPEN:
            self.open_file()

    def set_language(self, action_id: str) -> None:
        """Every text changes at once: menus and actions from the registry, the texts
        widgets set when built (retranslate_tree), and what views recompute (the status
        line, the chain panel, the notice, the lesson strip and the practice box)."""
        language = action_id.removeprefix("lang_")
        if self.settings is not None:
            self.settings.language = language
        from .retranslate import retranslate_tree  # pyqtgraph: not before the window shows

        old = texts.language()
        install(language)
        self.retranslate()
        retranslate_tree(self, old, texts.language())

    def retranslate(self) -> None:
        retranslate_actions(self.commands, self.menus, self.toolbar)
        self.chain.refresh()
        self.view.refresh()  # the graph's words ("target")
        self._network_texts()
        self.lesson.retranslate()
        self.practice.retranslate()
        self.controls.retranslate()
        self._running_changed(self.runner.running)
        self._cursor_changed()
        self.tabs.setTabText(0, self.tr("Network"))
        for index in range(1, self.tabs.count()):
            page = self.tabs.widget(index)
            lab = page.lab if isinstance(page, LabPlaceholder) else type(page)
            self._name_lab_tab(index, lab)
        for name, title in (("tables", self.tr("Tables")), ("plots", self.tr("Plots")),
                            ("decision_map", self.tr("Decision map")),
                            ("lesson", self.tr("Lesson"))):
            self.findChild(QDockWidget, name).setWindowTitle(title)

    def show_shortcuts(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        sheet = QTextBrowser()
        sheet.setHtml(shortcut_sheet())
        QVBoxLayout(dialog).addWidget(sheet)
        dialog.resize(560, 640)
        dialog.show()

    def show_about(self) -> None:
        facts = [(self.tr("Licence"), identity.LICENCE), *identity.versions()[1:]]
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{value}</td></tr>" for name, value in facts)
        QMessageBox.about(self, self.tr("About bpviewer"),
                          f"<h3>bpviewer {__version__}</h3><p>"
                          + self.tr("Step through backpropagation one click at a time, with "
                                    "every number equal to PyTorch's.") + "</p>"
                          + f"<table>{rows}</table>")

    # -- theme and closing ----------------------------------------------------------------
    def _set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.settings is not None:
            self.settings.dark, self.settings.zoom = theme.dark, theme.zoom
        self._apply_theme()

    def _apply_theme(self) -> None:
        theme_mod.apply(QApplication.instance(), self.theme)
        recolor_icons(self.commands, self.theme.colors)
        self._running_changed(self.runner.running)
        self.view.set_colors(self.theme.colors)
        self.view.set_text_zoom(self.theme.zoom)
        text_zoom().set(self.theme.zoom)
        theme_mod.look().set(self.theme.colors)
        self.chain.set_colors(self.theme.colors)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.stop()
        if not self.files.maybe_save():
            event.ignore()
            return
        if self.settings is not None:
            self.settings.geometry = self.saveGeometry()
            self.settings.splitter = self.splitter.saveState()
            presenting = self.commands["presenter"].isChecked()
            self.settings.state = self._normal_state if presenting else self.saveState()
        event.accept()
