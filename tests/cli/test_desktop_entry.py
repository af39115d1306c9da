"""`bpviewer --install-desktop-entry` / `--uninstall-desktop-entry`: the freedesktop files
land under $XDG_DATA_HOME (or ~/.local/share), the launcher's command starts this bpviewer,
and uninstalling leaves nothing of ours behind."""

from __future__ import annotations

import configparser
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from bpviewer import __version__
from bpviewer.cli import main
from bpviewer.desktop import exec_argument

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Linux desktops")


def entry(root) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(root / "applications" / "bpviewer.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def exec_args(value: str) -> list[str]:
    """The Exec key read as the Desktop Entry spec says: the string escape (\\\\ → \\)
    first, then arguments split at spaces, where a double-quoted one may hold
    \\" \\` \\$ \\\\ escapes."""
    text = value.replace("\\\\", "\\")
    args, i = [], 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        if text[i] != '"':
            end = text.find(" ", i)
            end = len(text) if end < 0 else end
            args.append(text[i:end])
            i = end
            continue
        arg, i = "", i + 1
        while text[i] != '"':
            if text[i] == "\\":
                i += 1
                assert text[i] in '"`$\\'
            arg += text[i]
            i += 1
        args.append(arg)
        i += 1
    return args


def ours(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_install_then_uninstall_under_xdg_data_home(tmp_path, monkeypatch, capsys) -> None:
    root = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert main(["--install-desktop-entry"]) == 0
    assert str(root) in capsys.readouterr().out
    keys = entry(root)
    assert keys["Type"] == "Application" and keys["Name"] == "bpviewer"
    assert keys["Icon"] == "bpviewer" and keys["Terminal"] == "false"
    assert exec_args(keys["Exec"]) == [sys.executable, "-m", "bpviewer", "%f"]
    for size in SIZES:
        image = QImage(str(root / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "bpviewer.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (root / "icons/hicolor/scalable/apps/bpviewer.svg").read_text().lstrip().startswith("<?xml")
    assert not (tmp_path / "home").exists()
    assert len(ours(root)) == len(SIZES) + 2

    assert main(["--uninstall-desktop-entry"]) == 0
    assert ours(root) == []
    assert main(["--uninstall-desktop-entry"]) == 0  # nothing left to remove is no error


def test_the_launcher_command_starts_bpviewer(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    command = [a for a in exec_args(entry(tmp_path)["Exec"]) if a != "%f"]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"bpviewer {__version__}", done.stderr


@pytest.mark.parametrize("xdg", [None, "", "relative/data"])
def test_without_a_usable_xdg_data_home_it_is_home_local_share(tmp_path, monkeypatch, xdg) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert main(["--install-desktop-entry"]) == 0
    assert (tmp_path / ".local/share/applications/bpviewer.desktop").is_file()
    assert not (tmp_path / "relative").exists()


@pytest.mark.parametrize("path", ["/opt/my apps/python3", "/x/a$b\"c`d\\e%f", "/plain/python3"])
def test_exec_arguments_survive_the_specs_quoting(path) -> None:
    assert exec_args(exec_argument(path).replace("%%", "%")) == [path]


def test_an_unwritable_data_dir_is_one_line_and_status_2(tmp_path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["--install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bpviewer: ") and err.count("\n") == 1 and "cannot write" in err
