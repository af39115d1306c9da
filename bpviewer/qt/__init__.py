"""The views: PySide6 + pyqtgraph widgets that render a Session. Never imports torch."""
