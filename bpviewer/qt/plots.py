"""Training curves: loss, chosen parameters, gradient norms per layer, learning rate.

Every curve is a PlotDataItem created once per network and fed with `setData`, clipped
to the view and peak-downsampled, so a refresh costs the same at iteration 100,000 as at
iteration 10. A vertical line marks the cursor; clicking a plot moves the cursor there.

Also holds what the data views share: font sizes, plots in the theme's colours (and
following it and the text zoom), PNG export and refreshing only what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pyqtgraph as pg
import shiboken6
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QFont, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .bridge import SessionBridge
from .dock_views import FONT_PT, VisibleRefresher, ask_save_path, saved
from .pacing import Paced
from .theme import Colors, look, readable
from .zoom import text_zoom

TICK_PT = 12
#: Okabe–Ito: distinguishable by colour-blind students and on a projector
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DEFAULT_PARAM = "w5"
PLOT_LIMIT = 1e12
PLOT_INTERVAL_S = 0.1  # seconds between two refreshes of the curves while Run trains ...
#: ... or more, so that a refresh and the figure's repaint take at most this share of the
#: time: a spiral refresh of the four plots ~3 ms, their repaint ~30-50 (the axes' texts
#: drawn again as the ranges grow); at pacing's 20 % they took a fifth of Run
PLOT_SHARE = 0.1
#: while Run trains, the iterations' axis ends at the next of these times a power of ten
#: past the history (the curves fill 80-100 % of the width): a range grown at every refresh
#: drew every axis, its texts and grid again (~60 ms of a phone-price-mini refresh, ~10 now)
X_STEPS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
#: below this figure width the plots stack in one column
TWO_COLUMNS_PX = 560
#: check box, scroll bar and margins around a parameter name in the list
LIST_CHROME_PX = 64
#: curves a plot's title names in their colours (a legend box covered short plots' curves)
KEY_NAMES = 4
TITLE_PX = 30  # pyqtgraph's own title height, the least a title gets
CHOICE_CHARS = 6  # the plot chooser's least width, in characters


# -- shared by the data views -----------------------------------------------------------
def shown(values: np.ndarray) -> np.ndarray:
    """What a curve draws: values beyond ±PLOT_LIMIT (a diverging run's 1e257, inf) become
    gaps, so the axes keep the readable part instead of auto-ranging into 1e307."""
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(values) <= PLOT_LIMIT, values, np.nan)


def style_plot(plot: pg.PlotItem, title: str, x_label: str = "", y_label: str = "",
               grid: bool = True) -> None:
    """The theme's text colour at 12–14 pt on its background: high contrast on a projector."""
    plot.setTitle(title)
    for side, text in (("bottom", x_label), ("left", y_label)):
        plot.getAxis(side).enableAutoSIPrefix(False)
        if text:
            plot.setLabel(side, text)
    restyle_plot(plot)
    plot.showGrid(x=grid, y=grid, alpha=0.25)


def restyle_plot(plot: pg.PlotItem) -> None:
    """Title, axes and legend in the theme's colours at the window's text zoom (again on
    every theme or zoom change)."""
    zoom, ink = text_zoom(), look().colors.text
    plot.setTitle(plot.titleLabel.text, size=f"{zoom.points(FONT_PT + 1):.1f}pt", color=ink)
    fit_title_height(plot)
    tick_font = QFont()
    tick_font.setPointSizeF(zoom.points(TICK_PT))
    for side in ("bottom", "left", "top", "right"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(ink))
        axis.setTextPen(pg.mkPen(ink))
        axis.setStyle(tickFont=tick_font)
        if axis.labelText:  # setLabel shows the label: one hidden under a stacked plot stays so
            shown = axis.label.isVisible()
            axis.setLabel(axis.labelText, **{"font-size": f"{zoom.points(FONT_PT):.1f}pt", "color": ink})
            axis.showLabel(shown)
    if plot.legend is not None:
        restyle_legend(plot.legend)


def fit_title_height(plot: pg.PlotItem) -> None:
    """pyqtgraph gives a title 30 px: a key on its own line, zoomed or wrapped text needs more."""
    plot.titleLabel.updateMin()
    height = max(TITLE_PX, plot.titleLabel.itemRect().height())
    plot.titleLabel.setMaximumHeight(height)
    plot.layout.setRowFixedHeight(0, height)


def keyed_title(title: str, keys: list[tuple[str, str]], below: bool = False) -> str:
    """`title` followed by each (name, colour) in its colour, at most KEY_NAMES and "+n":
    the key sits in the title instead of a legend over the curves; `below`, on a line of
    its own (a narrow plot, whose title would otherwise widen it past its dock)."""
    shown = [f'<span style="color:{color}">{name}</span>' for name, color in keys[:KEY_NAMES]]
    if len(keys) > KEY_NAMES:
        shown.append(f"+{len(keys) - KEY_NAMES}")
    return f"{title}{'<br>' if below else '  '}{' · '.join(shown)}" if shown else title


def restyle_legend(legend: pg.LegendItem) -> None:
    """A legend's text, frame and backing in the theme, its labels at the text zoom."""
    colors = look().colors
    legend.setBrush(legend_brush(colors))
    legend.setPen(pg.mkPen(colors.muted))
    legend.opts["labelTextColor"] = pg.mkColor(colors.text)
    legend.opts["labelTextSize"] = f"{text_zoom().points(TICK_PT):.1f}pt"
    for _sample, label in legend.items:  # setAttr alone does not redraw the text
        label.setText(label.text, color=colors.text, size=legend.opts["labelTextSize"])
    legend.updateSize()


def legend_brush(colors: Colors) -> object:
    """The legend's backing: the plot's own background, nearly opaque over the curves."""
    color = pg.mkColor(colors.background)
    color.setAlpha(220)
    return pg.mkBrush(color)


def cursor_pen() -> object:
    return pg.mkPen(look().colors.muted, width=2, style=Qt.PenStyle.DashLine)


def ink() -> str:
    """The theme's text colour: what a plot draws in black on white."""
    return look().colors.text


class _Follower(QObject):
    """Runs `apply` on every theme or text-zoom change, as long as its owner lives (a
    child of the owner: deleted with it, its connections go too)."""

    def __init__(self, owner: QObject, apply: Callable[[], None]) -> None:
        super().__init__(owner)
        self._apply = apply
        look().changed.connect(self.run)
        text_zoom().changed.connect(self.run)

    def run(self) -> None:
        self._apply()


def follow_style(owner: QObject, apply: Callable[[], None]) -> None:
    """`apply()` whenever the theme or the text zoom changes, while `owner` lives (what
    it styles was built in the current theme)."""
    _Follower(owner, apply)


def restyle_figure(figure: pg.GraphicsLayoutWidget) -> None:
    """A figure's background and every plot in it."""
    figure.setBackground(look().colors.background)
    for item in figure.ci.items:
        if isinstance(item, pg.PlotItem):
            restyle_plot(item)


def export_png(scene: pg.GraphicsScene, path: str) -> bool:
    """The scene as a PNG at `path` (named by the caller: the format is not guessed from it)."""
    return ImageExporter(scene).export(toBytes=True).save(str(path), "PNG")


def keep_menus(plot: pg.PlotItem, owner: QWidget) -> None:
    """The plot's menus deleted with `owner` (its figure): pyqtgraph makes them parentless
    windows, and a closed window's stayed (~70 top-level widgets a window, ~12 MB), and
    with them what their actions call: the whole window and its Session. Not made the
    figure's children: pyqtgraph's own menu controls would join the window's widgets."""
    for menu in (plot.vb.menu, plot.ctrlMenu):
        if menu is not None:
            owner.destroyed.connect(partial(_delete, menu))


def _delete(widget: QWidget) -> None:
    if shiboken6.isValid(widget):
        shiboken6.delete(widget)


def add_png_action(plot: pg.PlotItem, handler: Callable[[], None], owner: QWidget) -> None:
    """"Save as PNG…" in the plot's right-click menu; its menus kept by `owner`."""
    keep_menus(plot, owner)
    action = QAction("Save as PNG…", plot.vb.menu)
    action.triggered.connect(lambda _checked=False: handler())
    plot.vb.menu.addAction(action)


class Figure(pg.GraphicsLayoutWidget):
    """A figure of plots whose repaints count toward its paced refresh while Run trains
    (Paced.charged): drawing the curves and axes again takes longer than setting them."""

    def __init__(self, paced: Paced | None = None) -> None:
        super().__init__()
        self.paced = paced

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.paced is None:
            super().paintEvent(event)
        else:
            self.paced.charged(lambda: super(Figure, self).paintEvent(event))


# -- the training curves ----------------------------------------------------------------
def stepped_end(n: int) -> float:
    """The iterations' axis end while Run trains: the least X_STEPS value times a power of
    ten that is at least n."""
    power = 10.0 ** max(0, len(str(max(n, 1))) - 1)
    return next((m * power for m in X_STEPS if m * power >= n), 10 * power)


def _pen(i: int) -> object:
    return pg.mkPen(PALETTE[i % len(PALETTE)], width=2)


class PlotsWidget(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        readable(self, FONT_PT)
        self.bridge = bridge
        self.session = bridge.session
        # while Run trains, the curves and the cursor lines follow 10 times a second (each
        # setData of the whole history took ~8 ms; the figure's repaint as a cursor line
        # moved, every frame, ~40 ms of a spiral frame), the repaints counted as theirs
        self._refresher = VisibleRefresher(self, self._follow)
        self.paced = Paced(bridge, self._refresher.request, self, share=PLOT_SHARE,
                           every=PLOT_INTERVAL_S)
        self._data_stale = True  # the history changed since the curves were set
        self.figure = Figure(self.paced)
        self.figure.setBackground(look().colors.background)
        self.loss_plot = self._add_plot(self.tr("Loss"))
        self.param_plot = self._add_plot(self.tr("Parameters"))
        self.norm_plot = self._add_plot(self.tr("Gradient norms"))
        self.lr_plot = self._add_plot(self.tr("Learning rate"))
        self.plots = (self.loss_plot, self.param_plot, self.norm_plot, self.lr_plot)
        self._shown = self.plots
        self._titles: dict[pg.PlotItem, tuple[str, list[tuple[str, str]]]] = {}
        self._columns = 0
        self._arrange(2)
        self.param_plot.setXLink(self.loss_plot)
        self.norm_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        self.loss_curve = self.loss_plot.plot(pen=_pen(0))
        #: loss on the held-out rows, beside the training loss when the data has a test split;
        #: the title names both in their colours (a legend would cover the rising end)
        self.test_curve = self.loss_plot.plot(pen=pg.mkPen(PALETTE[1], width=2))
        self.lr_curve = self.lr_plot.plot(pen=_pen(2))
        self.cursor_lines = [plot.addLine(x=0, pen=cursor_pen()) for plot in self.plots]
        self.norm_curves: list[pg.PlotDataItem] = []
        self.param_curves: dict[int, pg.PlotDataItem] = {}
        self.figure.scene().sigMouseClicked.connect(self._clicked)
        follow_style(self, self.restyle)

        self.log_box = QCheckBox(self.tr("Log-scale loss"))
        self.log_box.setToolTip(self.tr("Plot the loss on a logarithmic axis"))
        self.log_box.toggled.connect(lambda on: self.loss_plot.setLogMode(y=on))
        self.choice = QComboBox()
        # elided rather than widening the dock past its share (its tabs share one width)
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(CHOICE_CHARS)
        self.choice.addItems([self.tr("All plots"), *(p.titleLabel.text for p in self.plots)])
        self.choice.setToolTip(self.tr("One plot at full size, or all of them"))
        self.choice.currentIndexChanged.connect(
            lambda i: self.show_only(self.plots[i - 1] if i else None))
        png = QPushButton(self.tr("PNG…"))
        png.setToolTip(self.tr("Save these plots as a PNG image"))
        png.clicked.connect(self._ask_png)
        controls = QHBoxLayout()  # two short rows: one long one widened a 1024 px dock
        controls.addWidget(self.choice, 1)
        controls.addWidget(png)
        self.param_list = QListWidget()
        self.param_list.setToolTip(self.tr("Parameters whose history is plotted"))
        self.param_list.itemChanged.connect(self._param_toggled)
        splitter = QSplitter()
        splitter.addWidget(self.figure)
        splitter.addWidget(self.param_list)
        splitter.setStretchFactor(0, 1)
        self._splitter = splitter
        self._list_width = self.param_list.fontMetrics().horizontalAdvance("w100") + LIST_CHROME_PX
        splitter.setSizes([10_000, self._list_width])
        self.figure.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.log_box)
        layout.addWidget(splitter, 1)

        bridge.networkChanged.connect(self._rebuild)
        bridge.historyChanged.connect(self._history_changed)
        bridge.cursorChanged.connect(self.paced)  # a flush's cursorChanged follows its history's
        bridge.runningChanged.connect(self._running_changed)
        self._x_end: float | None = None  # the iterations' axis end set while running
        self._rebuild()
        self._refresher.request()

    def restyle(self) -> None:
        """The theme's colours and the text zoom, on every plot, legend and cursor line."""
        restyle_figure(self.figure)
        for line in self.cursor_lines:
            line.setPen(cursor_pen())

    def _add_plot(self, title: str) -> pg.PlotItem:
        plot = pg.PlotItem()
        style_plot(plot, title, self.tr("iteration"))
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        add_png_action(plot, self._ask_png, self.figure)
        return plot

    def show_only(self, plot: pg.PlotItem | None) -> None:
        """One plot filling the figure (a lesson's slide, a narrow dock), or all (None);
        the parameter list only beside the parameters' plot."""
        self._shown = self.plots if plot is None else (plot,)
        with QSignalBlocker(self.choice):
            self.choice.setCurrentIndex(0 if plot is None else self.plots.index(plot) + 1)
        self._fit_list()
        self._arrange(self._columns, force=True)

    def _fit_list(self) -> None:
        """The parameter list beside the parameters' plot when that plot is shown alone or
        the dock is wide; in a narrow dock of all plots it took half the plots' width."""
        alone = self._shown == (self.param_plot,)
        self.param_list.setVisible(alone or (self.param_plot in self._shown
                                             and self.width() >= TWO_COLUMNS_PX + self._list_width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_list()

    def show_named(self, name: str | None) -> None:
        """The plot a lesson slide names (core.lesson.PLOTS) alone, or all for None."""
        names = dict(zip(("loss", "parameters", "gradient norms", "learning rate"), self.plots,
                         strict=True))
        self.log_box.setChecked(name == "log loss")
        self.show_only(names[name.removeprefix("log ")] if name else None)

    def _arrange(self, columns: int, force: bool = False) -> None:
        """Two columns of plots when there is room, one in a narrow dock."""
        if columns == self._columns and not force:
            return
        self._columns = columns
        layout = self.figure.ci
        for plot in self.plots:
            if plot.scene() is not None:
                layout.removeItem(plot)
            plot.setVisible(plot in self._shown)
        columns = min(columns, len(self._shown))
        for i, plot in enumerate(self._shown):
            layout.addItem(plot, row=i // columns, col=i % columns)
            bottom = i >= len(self._shown) - columns
            plot.getAxis("bottom").showLabel(bottom)
            # stacked plots share their iterations (x-linked): numbers under the last only
            plot.getAxis("bottom").setStyle(showValues=bottom or columns > 1)
        # stacked in a narrow dock, the loss (what a slide talks about) gets twice the height
        layout.layout.setRowStretchFactor(0, 2 if columns == 1 and len(self._shown) > 1 else 1)
        for plot, (title, keys) in self._titles.items():
            self._set_title(plot, title, keys)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.figure and event.type() == QEvent.Type.Resize:
            self._arrange(2 if self.figure.width() >= TWO_COLUMNS_PX else 1)
        return False

    # -- network structure: names and layers decide which curves exist ---------------------
    def _rebuild(self) -> None:
        history = self.session.history  # a large network records a sample of its parameters
        refs = [r for r in self.session.params.refs if history.is_tracked(r.index)]
        for curve in self.norm_curves:
            self.norm_plot.removeItem(curve)
        for curve in self.param_curves.values():
            self.param_plot.removeItem(curve)
        layers = len(self.session.params.weight_slices)
        self.norm_curves = [self.norm_plot.plot(pen=_pen(l)) for l in range(layers)]
        self._set_title(self.norm_plot, self.tr("Gradient norms"),
                        [(f"W{l + 1}", PALETTE[l % len(PALETTE)]) for l in range(layers)])
        has_test = self.session.dataset.has_test
        self.test_curve.setVisible(has_test)
        keys = [(self.tr("train"), PALETTE[0]), (self.tr("test"), PALETTE[1])] if has_test else []
        self._set_title(self.loss_plot, self.tr("Loss"), keys)
        self.param_curves = {}
        names = {r.label for r in refs}  # as the graph and the panel name them: b₂,₁, not b2_1
        checked = (self.checked_params() & names) or ({DEFAULT_PARAM} & names) or {refs[0].label}
        self.param_list.blockSignals(True)
        self.param_list.clear()
        for r in refs:
            item = QListWidgetItem(r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.index)
            item.setCheckState(Qt.CheckState.Checked if r.label in checked else Qt.CheckState.Unchecked)
            self.param_list.addItem(item)
        self.param_list.blockSignals(False)
        widest = max(names, key=len)
        self._list_width = self.param_list.fontMetrics().horizontalAdvance(widest) + LIST_CHROME_PX
        if total := sum(self._splitter.sizes()):
            self._splitter.setSizes([total - self._list_width, self._list_width])
        for i in range(self.param_list.count()):
            self._param_toggled(self.param_list.item(i))

    def _set_title(self, plot: pg.PlotItem, title: str, keys: list[tuple[str, str]]) -> None:
        self._titles[plot] = (title, keys)
        plot.setTitle(keyed_title(title, keys, below=self._columns == 1))
        restyle_plot(plot)

    def _key_params(self) -> None:
        """The parameters' plot names its shown curves, in their colours, in its title."""
        names = {self.param_list.item(i).data(Qt.ItemDataRole.UserRole): self.param_list.item(i).text()
                 for i in range(self.param_list.count())}
        self._set_title(self.param_plot, self.tr("Parameters"), [
            (names[index], curve.opts["pen"].color().name())
            for index, curve in self.param_curves.items() if curve.isVisible()])

    def checked_params(self) -> set[str]:
        return {self.param_list.item(i).text() for i in range(self.param_list.count())
                if self.param_list.item(i).checkState() == Qt.CheckState.Checked}

    def _param_toggled(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        curve = self.param_curves.get(index)
        if curve is None:
            if not on:
                return
            curve = self.param_plot.plot(pen=_pen(len(self.param_curves)))
            self.param_curves[index] = curve
        curve.setVisible(on)
        if on:
            self._set_param_data(index)
        self._key_params()

    # -- data ------------------------------------------------------------------------------
    def _history_changed(self) -> None:
        self._data_stale = True

    def _follow(self) -> None:
        """The curves if the history changed, and the cursor lines; while Run trains, on
        an iterations' axis grown in steps, and the ranges that follow from the new data set
        now: pyqtgraph sets them as it paints, and the changed axes made a second repaint."""
        if self._data_stale:
            self._data_stale = False
            self.update_data()
        self._move_cursor()
        if self.bridge.running:
            self._step_x()
            self.figure.scene().prepareForPaint()

    def _step_x(self) -> None:
        """The iterations' axis from 0 to stepped_end of the history, unless the user
        zoomed or panned it since (its range is no longer the one set here)."""
        box = self.loss_plot.vb
        if self._x_end is not None and box.viewRange()[0] != [0.0, self._x_end]:
            return
        if not box.autoRangeEnabled()[0] and self._x_end is None:
            return
        end = stepped_end(len(self.session.history))
        if end != self._x_end:
            self._x_end = end
            box.setXRange(0.0, end, padding=0)

    def _running_changed(self, running: bool) -> None:
        """While Run trains, each axis is drawn from a kept picture until its ticks change
        (its texts and grid drawn again at every refresh were most of a repaint); stopped,
        directly (as a PNG export draws them), over the whole history again."""
        mode = QGraphicsItem.DeviceCoordinateCache if running else QGraphicsItem.NoCache
        for plot in self.plots:
            for side in ("bottom", "left"):
                plot.getAxis(side).setCacheMode(mode)
        if not running and self._x_end is not None:
            if self.loss_plot.vb.viewRange()[0] == [0.0, self._x_end]:
                self.loss_plot.vb.enableAutoRange(x=True)
            self._x_end = None

    def update_data(self) -> None:
        """Hand every visible curve the whole history (pyqtgraph draws only what shows)."""
        s = self.session
        x = np.arange(len(s.history) + 1, dtype=np.float64)
        self.loss_curve.setData(x[1:], shown(s.losses()), connect="finite")
        if self.test_curve.isVisible():
            self.test_curve.setData(x[1:], shown(s.test_losses()), connect="finite")
        lrs = s.learning_rates()
        self.lr_curve.setData(x[1:], shown(lrs), connect="finite")
        if len(lrs):  # from 0, so a constant lr reads as a level, not as noise around it
            self.lr_plot.setYRange(0.0, float(lrs.max()) * 1.15 or 1.0, padding=0)
        norms = s.grad_norms()
        for l, curve in enumerate(self.norm_curves):
            curve.setData(x[1:], shown(norms[:, l]), connect="finite")
        for index, curve in self.param_curves.items():
            if curve.isVisible():
                self._set_param_data(index, x)

    def _set_param_data(self, index: int, x: np.ndarray | None = None) -> None:
        """Iteration 0 (the initial value) first, then the value after each iteration."""
        s = self.session
        values = np.concatenate(([s.history.initial[index]], s.param_history(index)))
        self.param_curves[index].setData(
            np.arange(len(values), dtype=np.float64) if x is None else x, shown(values),
            connect="finite")

    def _move_cursor(self) -> None:
        for line in self.cursor_lines:
            line.setValue(float(self.session.iteration))

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        for plot in self.plots:
            if plot.vb.sceneBoundingRect().contains(event.scenePos()):
                x = plot.vb.mapSceneToView(event.scenePos()).x()
                self.session.goto(min(max(round(x), 0), len(self.session.history)))
                return

    # -- export ----------------------------------------------------------------------------
    def export_png(self, path: str) -> bool:
        return saved(self, path, lambda temporary: export_png(self.figure.scene(), temporary))

    def _ask_png(self) -> None:
        path = ask_save_path(self, "Save plots", "plots.png", "PNG image (*.png)")
        if path:
            self.export_png(path)
