"""Every command of the window, declared once: menus, toolbar, shortcuts and the
keyboard-shortcut sheet are all built from `ACTIONS`, so they cannot disagree.

Clicker keys (Right/PageDown/Space, Left/PageUp) must step the lesson wherever the
focus is, so `ClickerKeys` claims them before a focused spin box, slider, tab bar or
read-only text view can — only a text field being typed into keeps them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QToolBar,
    QWidget,
)

from .i18n import tr_action
from .theme import Colors, icon


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[str, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    tooltip: str = ""
    handler: str = ""  # window method: checkable actions get the checked state, grouped
    # ones are called with their id when chosen
    menu: str = ""
    toolbar: bool = False
    checkable: bool = False
    group: str = ""  # exclusive group of checkable actions
    clicker: bool = False  # the key works everywhere in the window (presentation clicker)
    short: str = ""  # toolbar text when the menu text is too long for the toolbar
    args: tuple[object, ...] = ()  # passed to the handler (e.g. which lab to show)


SP = QStyle.StandardPixmap
TOOLBAR_TITLE, OR, ZOOM_WHEEL = "Steps", "or", "Zoom the graph"  # translated like ACTIONS
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open", "&Open…", ("Ctrl+O",), SP.SP_DialogOpenButton,
               "Open a network file", "open_file", "&File", True),
    ActionSpec("open_recent", "Open &Recent", ("Ctrl+Shift+O",), None,
               "The networks opened or saved lately", "show_recent", "&File"),
    ActionSpec("save", "&Save", ("Ctrl+S",), SP.SP_DialogSaveButton,
               "Save the network with its current weights", "save_file", "&File", True),
    ActionSpec("save_as", "Save &As…", ("Ctrl+Shift+S",), None,
               "Save the network under a new name", "save_file_as", "&File"),
    ActionSpec("preset", "&Presets…", ("Ctrl+Shift+P",), None,
               "Open one of the course's example networks", "choose_preset", "&File"),
    ActionSpec("import_playground", "Import Play&ground Link…", (), None,
               "Replace the network with the one a TensorFlow Playground address describes",
               "import_playground_link", "&File"),
    ActionSpec("export_graph", "&Export Graph…", ("Ctrl+Shift+E",), None,
               "Save the network drawing as PNG or SVG", "export_graph", "&File"),
    ActionSpec("export_table", "Export Ta&ble as CSV…", (), None,
               "Save the table shown in the Tables dock as CSV, at full precision",
               "export_table", "&File"),
    ActionSpec("export_plots", "Export Plo&ts as PNG…", (), None,
               "Save the Plots dock's figure as a PNG image", "export_plots", "&File"),
    ActionSpec("export_handout", "Export &Handout…", ("Ctrl+Shift+H",), None,
               "Save this iteration's worked example as HTML or PDF for the students",
               "export_handout", "&File"),
    ActionSpec("export_exercises", "Export E&xercises…", (), None,
               "Write exercise sheets with keys: this network with fresh numbers for each student",
               "export_exercises", "&File"),
    ActionSpec("export_torch_script", "Export as P&yTorch Script…", (), None,
               "Save the network and its training as a plain PyTorch script that prints the same "
               "numbers", "export_torch_script", "&File"),
    ActionSpec("import_torch_weights", "Import PyTorch &Weights…", (), None,
               "Replace the weights with a state_dict saved by torch.save(model.state_dict(), …)",
               "import_torch_weights", "&File"),
    ActionSpec("open_lesson", "Open &Lesson…", ("Ctrl+L",), None,
               "Open a lesson file: presets, step targets and notes, advanced by the clicker",
               "open_lesson", "&File"),
    ActionSpec("course_lesson", "Start the &Course Lesson", ("Ctrl+Shift+L",), None,
               "The shipped lesson: Mazur forward, backward, update, 10,000 iterations, XOR, "
               "optimizers", "start_course_lesson", "&File"),
    ActionSpec("leave_lesson", "Lea&ve Lesson", ("Esc",), None,
               "Back to stepping freely", "leave_lesson", "&File", clicker=True),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), None, "Close the window", "close", "&File"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), None, "Undo the last edit", "undo", "&Edit"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), None, "Redo the edit", "redo",
               "&Edit"),
    ActionSpec("edit_network", "&Network Builder…", ("Ctrl+E",), None,
               "Change layers, activations, loss, optimizer and data", "edit_network", "&Edit"),
    ActionSpec("prev_step", "&Previous Step", ("Left", "PgUp"), SP.SP_MediaSeekBackward,
               "Go back one step (clicker: back)", "prev_step", "&Step", True, clicker=True),
    ActionSpec("next_step", "&Next Step", ("Right", "PgDown", "Space"), SP.SP_MediaSeekForward,
               "Compute the next step (clicker: forward)", "next_step", "&Step", True,
               clicker=True),
    ActionSpec("home", "&Start of Iteration", ("Home",), SP.SP_MediaSkipBackward,
               "First step of this iteration", "home", "&Step", True, clicker=True),
    ActionSpec("end", "&End of Iteration", ("End",), SP.SP_MediaSkipForward,
               "Last step of this iteration", "end", "&Step", True, clicker=True),
    ActionSpec("prev_iteration", "Previous &Iteration", ("Ctrl+Left",), SP.SP_ArrowUp,
               "The previous iteration, completed", "prev_iteration", "&Step"),
    ActionSpec("next_iteration", "Next I&teration", ("Ctrl+Right",), SP.SP_ArrowDown,
               "Train one more iteration, completed", "next_iteration", "&Step"),
    ActionSpec("goto_iteration", "&Go to Iteration…", ("Ctrl+G",), None,
               "Type the iteration to show and press Enter (later ones are trained)",
               "goto_iteration", "&Step"),
    ActionSpec("run", "&Run", ("Ctrl+R",), SP.SP_MediaPlay,
               "Train continuously; press again to pause", "toggle_run", "&Step", True,
               checkable=True),
    ActionSpec("reset", "Rese&t to Iteration 0", ("Ctrl+Shift+R",), SP.SP_BrowserReload,
               "Back to the initial weights (the history is kept)", "reset", "&Step", True),
    ActionSpec("practice", "Pra&ctice", ("Ctrl+P",), None,
               "Compute each result before it is shown: type it in the box, Enter checks it; "
               "press again to leave", "toggle_practice", "&Step", True, checkable=True),
    ActionSpec("practice_reveal", "Show the &Answer", ("F9",), None,
               "Practice: show the open question's answer (the teacher's key)",
               "practice_reveal", "&Step"),
    ActionSpec("neuron", "One &Neuron per Step", ("Ctrl+1",), None,
               "Steps of one neuron or one weight", "set_granularity", "&Step",
               True, checkable=True, group="granularity", short="Neuron"),
    ActionSpec("layer", "One &Layer per Step", ("Ctrl+2",), None,
               "Steps of one whole layer", "set_granularity", "&Step",
               True, checkable=True, group="granularity", short="Layer"),
    ActionSpec("phase", "One P&hase per Step", ("Ctrl+3",), None,
               "Forward, loss, backward, update", "set_granularity", "&Step",
               True, checkable=True, group="granularity", short="Phase"),
    ActionSpec("zoom_in", "Zoom Graph &In", ("Ctrl+Shift+=",), None,
               "Enlarge the network drawing (also Ctrl+wheel)", "zoom_graph_in", "&View"),
    ActionSpec("zoom_out", "Zoom Graph &Out", ("Ctrl+Shift+-",), None,
               "Shrink the network drawing (also Ctrl+wheel)", "zoom_graph_out", "&View"),
    ActionSpec("zoom_fit", "&Fit Graph", ("Ctrl+Shift+0",), None,
               "Fit the whole network in view", "zoom_graph_fit", "&View"),
    ActionSpec("text_bigger", "&Larger Text", ("Ctrl++", "Ctrl+="), None,
               "Larger text everywhere", "text_bigger", "&View"),
    ActionSpec("text_smaller", "&Smaller Text", ("Ctrl+-",), None,
               "Smaller text everywhere", "text_smaller", "&View"),
    ActionSpec("text_reset", "&Normal Text Size", ("Ctrl+0",), None,
               "Default text size", "text_reset", "&View"),
    ActionSpec("presenter", "&Presenter Mode", ("F5",), None,
               "Large, high-contrast graph and chain rule only", "set_presenter", "&View",
               checkable=True),
    ActionSpec("fullscreen", "F&ull Screen", ("F11",), None, "Fill the screen",
               "set_fullscreen", "&View", checkable=True),
    ActionSpec("dark", "&Dark Theme", ("Ctrl+Shift+D",), None, "Light text on dark background",
               "set_dark", "&View", checkable=True),
    ActionSpec("animate_steps", "&Animate Steps", (), None,
               "On each click, dots carry the values (forward) or the gradients (backward) along "
               "the edges the step reads", "set_animate_steps", "&View", checkable=True),
    ActionSpec("neuron_maps", "Neuron &Maps", (), None,
               "For points in a plane: each neuron's circle filled with its activation over "
               "the plane, as TensorFlow Playground draws it", "set_neuron_maps", "&View",
               checkable=True),
    ActionSpec("lab_network", "&Network", ("Alt+0",), None,
               "Back to the network and its chain rule", "show_lab", "&Labs", args=(None,)),
    *(ActionSpec(f"lab_{i}", f"&{i} {title}", (f"Alt+{i}",), None, tooltip, "show_lab",
                 "&Labs", args=(title,)) for i, (title, tooltip) in enumerate((
        ("Activation functions", "f and f′ side by side, saturation, softmax's Jacobian"),
        ("Loss functions", "Each term and derivative of MAE, MSE, SmoothL1, BCE, cross-entropy"),
        ("Gradient check", "Central differences against backprop on the current network"),
        ("Optimizer race", "SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW in 2-D"),
        ("LR schedules and averages", "StepLR, MultiStepLR, ExponentialLR; weighted averages"),
        ("Regularization", "Dropout, L1 against L2, batch normalization step by step"),
    ), start=1)),
    ActionSpec("lang_system", "Language: &System", (), None,
               "Follow the computer's language setting", "set_language", "&View",
               checkable=True, group="language"),
    ActionSpec("lang_en", "Language: &English", (), None, "English interface", "set_language",
               "&View", checkable=True, group="language"),
    ActionSpec("lang_zh_CN", "Language: 中文 (&Chinese)", (), None, "Chinese interface", "set_language",
               "&View", checkable=True, group="language"),
    ActionSpec("welcome", "&Welcome…", (), None,
               "The example networks, the course lesson and opening a file",
               "show_welcome", "&Help"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", ("F1",), None, "Every key of the window",
               "show_shortcuts", "&Help"),
    ActionSpec("about", "&About bpviewer", (), None, "Version and purpose", "show_about",
               "&Help"),
)


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """QActions for `window`, connected to its handlers and added to it, so their
    shortcuts keep working when menus and toolbars are hidden (presenter mode)."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        action = QAction(window)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        _set_texts(action, spec)
        if spec.icon is not None:
            action.setIcon(window.style().standardIcon(spec.icon))
        action.setCheckable(spec.checkable)
        if spec.group:
            groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
        handler: Callable = getattr(window, spec.handler)
        if spec.group:
            action.toggled.connect(lambda on, h=handler, v=spec.id: on and h(v))
        elif spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _=False, h=handler, a=spec.args: h(*a))
        window.addAction(action)
        actions[spec.id] = action
    return actions


def _set_texts(action: QAction, spec: ActionSpec) -> None:
    """Text, tooltip (with the keys) and toolbar text, in the interface language."""
    action.setText(tr_action(spec.text))
    keys = ", ".join(QKeySequence(s).toString(QKeySequence.NativeText) for s in spec.shortcuts)
    tooltip = tr_action(spec.tooltip)
    action.setToolTip(f"{tooltip} ({keys})" if keys else tooltip)
    if spec.short:
        action.setIconText(tr_action(spec.short))


def recolor_icons(actions: dict[str, QAction], colors: Colors) -> None:
    """After the theme changed: every registry icon again, visible on the new background."""
    for spec in ACTIONS:
        if spec.icon is not None:
            actions[spec.id].setIcon(icon(spec.icon, colors))


def retranslate(actions: dict[str, QAction], menus: dict[str, QMenu], toolbar: QToolBar) -> None:
    """After the language changed: every registry text again, in the new language."""
    for spec in ACTIONS:
        _set_texts(actions[spec.id], spec)
    for key, menu in menus.items():
        menu.setTitle(tr_action(key))
    toolbar.setWindowTitle(tr_action(TOOLBAR_TITLE))


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """Keyed by the menu's English title as ACTIONS spells it."""
    menus: dict[str, QMenu] = {}
    for spec in ACTIONS:
        if spec.menu not in menus:
            menus[spec.menu] = window.menuBar().addMenu(tr_action(spec.menu))
        menus[spec.menu].addAction(actions[spec.id])
    return menus


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = window.addToolBar(tr_action(TOOLBAR_TITLE))
    toolbar.setObjectName("steps_toolbar")
    previous_menu = ""
    for spec in (s for s in ACTIONS if s.toolbar):
        if previous_menu and spec.menu != previous_menu:
            toolbar.addSeparator()
        toolbar.addAction(actions[spec.id])
        previous_menu = spec.menu
    return toolbar


def shortcut_sheet() -> str:
    """An HTML table of every key, by menu (for Help ▸ Keyboard Shortcuts)."""
    rows = []
    menu = ""
    for spec in (s for s in ACTIONS if s.shortcuts):
        if spec.menu != menu:
            menu = spec.menu
            title = escape(tr_action(menu).replace("&", ""))
            rows.append(f"<tr><th colspan=2 align=left><br>{title}</th></tr>")
        keys = f" &nbsp;{escape(tr_action(OR))}&nbsp; ".join(
            f"<b>{escape(QKeySequence(s).toString(QKeySequence.NativeText))}</b>"
            for s in spec.shortcuts)
        text = escape(tr_action(spec.text).replace("&", ""))
        rows.append(f"<tr><td>{keys}</td><td>&nbsp;&nbsp;{text}</td></tr>")
    rows.append(f"<tr><td><b>Ctrl+wheel</b></td><td>&nbsp;&nbsp;{escape(tr_action(ZOOM_WHEEL))}"
                "</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _is_typing(widget: QWidget | None) -> bool:
    """A text field being typed into keeps Space and the arrows; a spin box does not."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() and not isinstance(widget.parent(), QAbstractSpinBox)
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


class ClickerKeys(QObject):
    """Application event filter: the clicker actions' keys trigger them anywhere in
    `window`, before a focused child can claim the key for itself."""

    def __init__(self, window: QMainWindow, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._keys: dict[tuple[int, int], QAction] = {}
        for spec in (s for s in ACTIONS if s.clicker):
            for text in spec.shortcuts:
                combo = QKeySequence(text)[0]
                self._keys[(combo.key(), combo.keyboardModifiers().value)] = actions[spec.id]
        QApplication.instance().installEventFilter(self)
        window.destroyed.connect(self._uninstall)

    def _uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _in_window(self, widget: QWidget) -> bool:
        """In the main window or one of its floating docks (not in a dialog)."""
        top = widget.window()
        return top is self._window or (isinstance(top, QDockWidget)
                                       and top.parent() is self._window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        action = self._keys.get((event.key(), modifiers.value))
        if (action is None or not isinstance(watched, QWidget)
                or not self._in_window(watched) or _is_typing(watched)):
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress and action.isEnabled():
            action.trigger()
        return True
