"""The README's settings table, read as data: one row per environment variable."""

import re
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `([A-Z0-9_]+)` \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    name: str
    default: str
    production: str
    meaning: str

    @property
    def required_in_production(self) -> bool:
        return self.production.startswith("**required**")


def settings_table() -> dict[str, Row]:
    rows = [Row(*(cell.strip() for cell in match)) for match in ROW.findall(README.read_text())]
    return {row.name: row for row in rows}
