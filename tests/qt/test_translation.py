"""The Chinese interface: every menu, action, dock and tab is translated, numbers are not."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDockWidget, QTabWidget

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt import i18n
from bpviewer.qt.main_window import MainWindow

#: texts that read the same in Chinese (names, symbols)
SAME_IN_CHINESE = {"Dropout"}


@pytest.fixture
def english():
    i18n.install(i18n.ENGLISH)
    yield
    i18n.install(i18n.ENGLISH)


def visible_texts(window: MainWindow) -> dict[str, str]:
    """Menu titles, action texts, dock titles and tab titles, keyed independently of language."""
    window.add_lab_tabs()
    texts = {f"menu {i}": a.text() for i, a in enumerate(window.menuBar().actions())}
    texts |= {f"action {a.objectName()}": a.text() for a in window.commands.values()}
    texts |= {f"tip {a.objectName()}": a.toolTip() for a in window.commands.values()}
    texts["toolbar"] = window.toolbar.windowTitle()
    texts |= {f"dock {d.objectName()}": d.windowTitle() for d in window.findChildren(QDockWidget)}
    for n, tabs in enumerate(window.findChildren(QTabWidget)):
        texts |= {f"tab {n} {i}": tabs.tabText(i) for i in range(tabs.count())}
    return texts


def build(qtbot) -> MainWindow:
    window = MainWindow(Session(presets.load("mazur")))
    qtbot.addWidget(window)
    window.session.goto(1, 8)
    window.bridge.flush()
    return window


def test_every_menu_action_dock_and_tab_is_translated(qtbot, english):
    source = build(qtbot)
    english_texts, formulas = visible_texts(source), source.chain.lines()
    assert i18n.install(i18n.CHINESE) is not None
    chinese = build(qtbot)
    chinese_texts = visible_texts(chinese)
    assert chinese_texts.keys() == english_texts.keys()
    untranslated = [f"{key}: {text!r}" for key, text in english_texts.items()
                    if chinese_texts[key] == text and text not in SAME_IN_CHINESE]
    assert untranslated == []
    assert chinese.menuBar().actions()[0].text() == "文件(&F)"
    assert chinese.chain.lines() == formulas  # numbers and formulas stay as they are
    assert chinese.status.text() == "迭代 1 · 反向传播 · ∂E/∂w5 · 第 9/35 步"


def test_switching_language_at_runtime(make_window, english):
    window = make_window()
    file_menu = window.menuBar().actions()[0]
    window.commands["lang_zh_CN"].trigger()
    assert file_menu.text() == "文件(&F)"
    assert window.tabs.tabText(0) == "网络"
    assert window.commands["next_step"].toolTip().startswith("计算下一步")
    assert window.settings.language == "zh_CN"
    assert window.message.text() == ""  # no "after a restart": everything changed now
    window.commands["lang_en"].trigger()
    assert file_menu.text() == "&File" and window.tabs.tabText(0) == "Network"
    assert window.settings.language == "en"


def test_the_system_locale_decides_by_default():
    assert i18n.resolve(i18n.SYSTEM, QLocale("zh_CN")) == i18n.CHINESE
    assert i18n.resolve(i18n.SYSTEM, QLocale("zh_TW")) == i18n.CHINESE
    assert i18n.resolve(i18n.SYSTEM, QLocale("en_GB")) == i18n.ENGLISH
    assert i18n.resolve(i18n.SYSTEM, QLocale("de_DE")) == i18n.ENGLISH
    assert i18n.resolve(i18n.ENGLISH, QLocale("zh_CN")) == i18n.ENGLISH


def test_the_shipped_translation_is_complete():
    ts = Path(i18n.qm_path(i18n.CHINESE)).with_suffix(".ts")
    assert Path(i18n.qm_path(i18n.CHINESE)).is_file()
    unfinished = [m.findtext("source") for m in ET.parse(ts).getroot().iter("message")
                  if not m.findtext("translation")
                  or m.find("translation").get("type") == "unfinished"]  # lrelease skips those
    assert unfinished == []


def test_the_status_bar_speaks_chinese(make_window, qtbot):
    i18n.install(i18n.CHINESE)
    try:
        window = make_window()
        for _ in range(16):
            qtbot.keyClick(window, Qt.Key_Right)
        window.bridge.flush()
        assert window.status.text() == window.session.status() == "迭代 1 · 反向传播 · h1 的 δ · 第 16/35 步"
    finally:
        i18n.install(i18n.ENGLISH)
    assert window.session.status() == "iteration 1 · backward · δ of h1 · step 16/35"
