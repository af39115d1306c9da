"""bpviewer: step through backpropagation one click at a time.

`bpviewer.from_torch(...)` and `bpviewer.show(...)` bring a PyTorch model in; they are
loaded on first use, so `import bpviewer` stays light (no torch, no Qt).
"""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "from_torch":
        from .core.from_torch import from_torch

        return from_torch
    if name == "show":
        from .app import show

        return show
    raise AttributeError(f"module 'bpviewer' has no attribute {name!r}")


__all__ = ["__version__", "from_torch", "show"]
