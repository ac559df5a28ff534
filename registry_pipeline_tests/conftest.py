from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The real recordings live beside the repository (../shared/snapshots); a clone elsewhere can point
# at them with REGISTRY_SHARED_SNAPSHOTS.
_CANDIDATES = [
    Path(p) for p in (os.environ.get("REGISTRY_SHARED_SNAPSHOTS"), REPO.parent / "shared" / "snapshots", "/work/shared/snapshots") if p
]
SHARED_SNAPSHOTS = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
RAW = REPO / "data" / "raw"


@pytest.fixture(scope="session")
def shared_snapshots() -> Path:
    """The real recordings in ../shared/snapshots (read in place, never copied into the repo)."""
    if not SHARED_SNAPSHOTS.is_dir():
        pytest.skip(f"real recordings not found at {SHARED_SNAPSHOTS}")
    return SHARED_SNAPSHOTS


def copy_raw(dest: Path, sources: list[str] | None = None) -> Path:
    """A private data dir holding a copy of the shipped raw snapshot."""
    raw = dest / "raw"
    for src in sorted(RAW.iterdir()):
        if src.is_dir() and (sources is None or src.name in sources):
            shutil.copytree(src, raw / src.name)
    return dest
