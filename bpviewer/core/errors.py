"""One error type for bad input, carrying what the one-line message must name."""

from __future__ import annotations


class SpecError(ValueError):
    """Bad input: a file, the field inside it and what is wrong, in one line."""

    def __init__(self, field: str, problem: str, source: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.source = source
        super().__init__(self.line())

    def line(self) -> str:
        """One line however odd the file: a key or a cell holding a newline is escaped."""
        where = f"{self.source}: " if self.source else ""
        field = f"{self.field}: " if self.field else ""
        return _printable(f"{where}{field}{self.problem}")

    def with_source(self, source: str) -> SpecError:
        return SpecError(self.field, self.problem, source)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode()
                   for c in text)


class DivergedError(ArithmeticError):
    """Training produced NaN or inf; history keeps every finite iteration."""
