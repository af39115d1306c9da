"""bpviewer: step through backpropagation one click at a time."""

__version__ = "0.1.0"
