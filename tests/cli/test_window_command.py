"""`bpviewer` with no command opens the window; without a display it says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys


def test_no_display_is_one_line_and_exit_2() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "bpviewer", "--preset", "xor"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "bpviewer shot" in lines[0]


def test_unknown_preset_for_the_window_is_refused_before_any_window() -> None:
    done = subprocess.run([sys.executable, "-m", "bpviewer", "--preset", "nope"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "nope" in done.stderr
