"""A raw snapshot made of files in memory, for staging recordings without landing them."""

from __future__ import annotations

import datetime as dt
import hashlib


class FilesSnapshot:
    """Stands in for a raw snapshot (`raw_store.Snapshot`): `files` by the names the source's spec lands them
    under, fetched on `fetched_on`."""

    def __init__(self, files: dict[str, bytes], fetched_on: dt.date, key: str = "recording"):
        self.key, self.fetched_on, self._files = key, fetched_on, files

    def read(self) -> dict[str, bytes]:
        return self._files

    @property
    def size(self) -> int:
        return sum(len(data) for data in self._files.values())

    def sha256s(self) -> dict[str, str]:
        return {name: hashlib.sha256(data).hexdigest() for name, data in self._files.items()}

    def modified_days(self) -> dict[str, dt.date]:
        return {}  # a recording's files carry no Last-Modified: its rows are as of `fetched_on`
