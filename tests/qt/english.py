"""English words left in a window: every text a widget shows (labels, buttons, tabs, headers,
tooltips, plots' titles and axes, the chain panel's page, the graph's labels), minus formula
symbols, names and settings' values that read the same in every language."""

from __future__ import annotations

import html
import re

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from bpviewer.core.export import FORWARD_COLUMNS, GRADIENT_COLUMNS, LOSS_COLUMNS
from bpviewer.qt.graph_items import TextBox

#: words that stay as they are in Chinese: symbols and names in formulas, parameter and
#: setting names (activations, losses, optimizers, CSV columns), units, products
KEPT = {
    # formula symbols and function names
    "net", "out", "exp", "log", "ln", "max", "min", "mask", "sign", "softmax", "Softmax", "sigmoid",
    "tanh", "target", "mean", "sum", "std", "var", "relu", "ReLU", "LReLU", "slope", "onehot",
    "lr", "eps", "beta", "momentum", "dampening", "nesterov", "weight_decay", "amsgrad", "alpha",
    # settings' values and parameter names
    "identity", "leaky_relu", "mse", "sse", "half", "half_sse", "mae", "bce", "cross_entropy",
    "smooth_l1", "sgd", "adam", "adamw", "adagrad", "rmsprop", "SGD", "Adam", "AdaGrad", "RMSprop",
    "Momentum", "AdamW", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
    "fan_in", "fan_out", "float64", "float32",
    # names, units, products
    "Mazur", "XOR", "CSV", "PNG", "PDF", "HTML", "JSON", "PyTorch", "torch", "numpy", "Playground",
    "BatchNorm1d", "Dropout", "MSE", "MAE", "BCE", "SmoothL1", "Kaiming", "Xavier", "LeakyReLU",
    "Linear", "CrossEntropyLoss", "nn", "bpviewer", "Ctrl", "Shift", "Alt", "Esc", "Enter", "Space",
    "PgUp", "PgDn", "Page", "Up", "Down", "Home", "End", "Del", "Tab", "Backspace", "F1", "F5", "F9",
    "PgDown", "hat", "Qt", "PySide6", "pyqtgraph", "Python", "NaN", "inf", "Σ", "dE", "dw", "logits", "logit",
}
KEPT |= {w for c in (FORWARD_COLUMNS, GRADIENT_COLUMNS, LOSS_COLUMNS) for w in c}  # CSV columns
KEPT |= {"if", "else", "SmoothL1"}  # formulas' "1 if net > 0 else 0"
KEPT |= {"Nesterov", "Rosenbrock", "StepLR", "MultiStepLR", "ExponentialLR", "BCELoss", "MSELoss",
         "autograd", "wd", "Leaky", "sse_half", "milestones", "dropout", "epoch", "epochs"}  # torch terms
WORD = re.compile(r"(?<![\w&])[A-Za-z][A-Za-z_]+\d*")  # "&F" shortcuts are not words


def shown_texts(window: QMainWindow) -> list[tuple[str, str]]:
    """(where, text) for every visible widget's texts."""
    out: list[tuple[str, str]] = [("window", window.windowTitle()), ("status", window.status.text())]
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        name = f"{type(w).__name__} {w.objectName()}".strip()
        out.append((f"{name} tip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QLineEdit):
            out += [(name, w.placeholderText())]
        elif isinstance(w, QAbstractSpinBox):
            out += [(name, w.prefix() if hasattr(w, "prefix") else ""),
                    (name, w.suffix() if hasattr(w, "suffix") else "")]
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabWidget):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QDockWidget):
            out.append((name, w.windowTitle()))
        elif isinstance(w, QTextEdit):  # sub- and superscripts are words of their own
            out.append((name, re.sub(r"<su[bp]>", " ", w.toHtml())))
        if isinstance(w, QAbstractItemView) and w.model() is not None and not isinstance(w, QListWidget):
            model = w.model()
            for orientation, count in ((Qt.Horizontal, model.columnCount()), (Qt.Vertical, 0)):
                out += [(f"{name} header", str(model.headerData(i, orientation) or ""))
                        for i in range(count)]
        if isinstance(w, QGraphicsView) and not isinstance(w, pg.GraphicsView):  # the graph's labels
            out += [(f"{name} label", item.text()) for item in w.scene().items()
                    if isinstance(item, (TextBox, QGraphicsSimpleTextItem)) and item.isVisible()]
        if isinstance(w, pg.PlotWidget):
            item = w.getPlotItem()
            out.append((f"{name} title", item.titleLabel.text))
            out += [(f"{name} axis", item.getAxis(a).labelText) for a in ("left", "bottom")]
    return out


def english(window: QMainWindow) -> list[str]:
    """'where: word' for every English word shown."""
    found = []
    for where, text in shown_texts(window):
        # code (the PyTorch script's names) is code in every language
        plain = html.unescape(re.sub(r"<style.*?</style>|<code>.*?</code>|<span style=[^>]*monospace[^>]*>"
                                     r".*?</span>|<[^>]+>", " ", text or "", flags=re.S))
        found += [f"{where}: {word}" for word in WORD.findall(plain)
                  if word not in KEPT and "_" not in word.strip("_")]  # out_o1, y_pred: symbols
    return sorted(set(found))
