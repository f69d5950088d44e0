"""Named errors for bad input and bad requests.

Every problem found in a client's data is a :class:`DataProblem` that names the file, the row
(1-based, as a spreadsheet shows it, header = row 1) or the column, and what was expected.
Validation collects all problems before raising one :class:`DataValidationError`, so a user fixes
everything in one go instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataProblem:
    """One problem in one input file.

    Attributes
    ----------
    file : str
        Path of the file, as given (relative to the data directory when possible).
    message : str
        What is wrong and what was expected.
    column : str or None
        Column concerned, if any.
    rows : tuple of int
        Spreadsheet row numbers concerned (header is row 1), at most a handful listed.
    code : str
        Stable machine-readable name of the problem (``missing_column``, ``bad_date``...).
    severity : str
        ``error`` (the data cannot be used) or ``warning`` (analysis goes on, the report says so).
    """

    file: str
    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    code: str = "invalid"
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:5])
            more = f" (+{len(self.rows) - 5} more)" if len(self.rows) > 5 else ""
            where += f", row{'s' if len(self.rows) > 1 else ''} {shown}{more}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class RoiAnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class DataValidationError(RoiAnalysisError):
    """A client's input data has one or more problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        n = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} found in the input data:\n{lines}")


class ConfigError(RoiAnalysisError):
    """``client.yml`` is invalid (unknown key, wrong type, unknown time zone...)."""


class PeriodError(RoiAnalysisError, ValueError):
    """A period string could not be understood."""


class UnknownClientError(RoiAnalysisError):
    """No such client folder, or the client name is not a safe folder name."""
