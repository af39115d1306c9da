"""bpviewer: step through backpropagation one click at a time.

`bpviewer.from_torch(...)` and `bpviewer.show(...)` bring a PyTorch model in; they are
loaded on first use, so `import bpviewer` stays light (no torch, no Qt).
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: attribute -> the module that defines it, imported by name on first use (so neither the
#: interpreter nor the import contracts see the package itself pulling in torch or Qt)
_LAZY = {"from_torch": "bpviewer.core.from_torch", "show": "bpviewer.app"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bpviewer' has no attribute {name!r}")


__all__ = ["__version__", "from_torch", "show"]
