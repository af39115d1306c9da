"""The bundle's entry point: PyInstaller freezes a script, not `python -m bpviewer`."""

import sys

from bpviewer.cli import main

sys.exit(main())
