"""The wheel is the app: built from this checkout, installed with pip into a new venv with
no index and no network, it runs `bpviewer shot`, `python -m bpviewer export`, its first
start (welcome window, settings in the user's config folder) and its desktop entry — all
from a read-only install in a home that never saw bpviewer."""

from __future__ import annotations

import csv
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from bpviewer import __version__
from bpviewer.cli import main
from bpviewer.core import presets

from . import apps

pytestmark = pytest.mark.dist


class Installed:
    def __init__(self, root: Path) -> None:
        self.wheel = apps.build_wheel(root)
        self.python = apps.make_venv(root / "venv")
        apps.install(self.python, self.wheel)
        self.package = Path(self.run_python("import bpviewer; print(bpviewer.__file__)").strip()).parent
        apps.read_only(self.package)
        self.files = apps.tree(self.package)

    def run(self, command: list[str], tmp: Path, timeout: int = 300) -> subprocess.CompletedProcess:
        done = subprocess.run(command, cwd=tmp, env=apps.fresh_home(tmp), capture_output=True,
                              text=True, timeout=timeout)
        assert apps.tree(self.package) == self.files, "the app wrote into its install folder"
        return done

    def run_python(self, code: str) -> str:
        return subprocess.run([str(self.python), "-c", code], check=True, capture_output=True, text=True,
                              env=apps.fresh_home(self.python.parent.parent / "probe"),
                              cwd=self.python.parent).stdout

    @property
    def script(self) -> Path:
        return self.python.parent / "bpviewer"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    return Installed(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_the_app_and_its_resources(installed) -> None:
    assert installed.wheel.name == f"bpviewer-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    resources = apps.ROOT / "bpviewer" / "resources"
    for path in resources.rglob("*"):
        if path.is_file():
            assert f"bpviewer/{path.relative_to(apps.ROOT / 'bpviewer').as_posix()}" in names
    assert {f"bpviewer/resources/presets/{n}.json" for n in presets.names()} <= names
    assert f"bpviewer-{__version__}.dist-info/licenses/LICENSE" in names
    assert str(installed.package).startswith(str(installed.python.parent.parent))


def test_the_bpviewer_script_renders_a_shot(installed, tmp_path) -> None:
    done = installed.run([str(installed.script), "shot", "--preset", "mazur", "--steps", "9",
                          "--size", "900x700", "--out", "x.png"], tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    image = QImage(str(tmp_path / "x.png"))
    assert (image.width(), image.height()) == (900, 700)


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_python_m_bpviewer_exports_what_this_checkout_exports(installed, tmp_path) -> None:
    done = installed.run([str(installed.python), "-m", "bpviewer", "export", "--preset", "mazur",
                          "--iterations", "3", "--out", "csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert main(["export", "--preset", "mazur", "--iterations", "3", "--out", str(tmp_path / "here")]) == 0
    assert len(rows(tmp_path / "csv" / "gradients.csv")) == 3 * 12  # 8 weights, 4 biases
    assert len(rows(tmp_path / "csv" / "history.csv")) == 3
    for name in ("gradients.csv", "forward.csv", "loss.csv", "history.csv"):
        assert rows(tmp_path / "csv" / name), name
        assert (tmp_path / "csv" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_first_start_shows_the_welcome_window_and_keeps_settings_per_user(installed, tmp_path) -> None:
    driver = Path(__file__).with_name("first_start.py")
    done = installed.run([str(installed.python), str(driver)], tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["welcome"] == "Welcome to bpviewer"
    assert seen["network"] == presets.load("xor").name
    assert seen["status"].startswith("iteration 1")
    assert seen["icon_sizes"] == [16, 24, 32, 48, 64, 128, 256, 512]
    assert seen["exit"] == 0
    config = tmp_path / "home" / ".config"
    assert seen["settings"] == str(config / "bpviewer" / "bpviewer.conf")
    assert (config / "bpviewer" / "bpviewer.conf").is_file()
    assert sorted(p.name for p in (tmp_path / "home").rglob("*") if p.is_file()) == ["bpviewer.conf"]


def test_the_desktop_entry_launches_the_installed_app(installed, tmp_path) -> None:
    done = installed.run([str(installed.script), "--install-desktop-entry"], tmp_path)
    assert done.returncode == 0, done.stderr
    entry = tmp_path / "home/.local/share/applications/bpviewer.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert exec_line == f"Exec={installed.python} -m bpviewer %f"
    version = installed.run([*exec_line.removeprefix("Exec=").split()[:-1], "--version"], tmp_path)
    assert version.stdout.strip() == f"bpviewer {__version__}"
