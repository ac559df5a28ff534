"""The job's IO manager: each asset's output in `<DAGSTER_HOME>/storage/frames/<asset key>/` as Arrow IPC
files (`frame_store`), where Dagster's default pickled every StagedSource and the BuildResult whole.

Like the default it persists: a run started from the UI on the warehouse or the API alone loads the
registry build that the last run wrote. An input declared with `AssetIn(metadata={"frames": "stored"})`
receives the frames left in their files (`frame_store.StoredFrame`), for a step that streams them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from dagster import ConfigurableIOManagerFactory, InitResourceContext, InputContext, IOManager, MetadataValue, OutputContext

from registry_pipeline import frame_store


class _FrameIO(IOManager):
    def __init__(self, root: Path):
        self.root = root

    def _folder(self, context: InputContext | OutputContext) -> Path:
        parts = context.get_asset_identifier() if context.has_asset_key else context.get_identifier()
        return self.root.joinpath(*parts)

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        folder = self._folder(context)
        size = frame_store.save(obj, folder)
        context.add_output_metadata({"path": MetadataValue.path(str(folder)), "stored_bytes": size})

    def load_input(self, context: InputContext) -> Any:
        # an input declared with metadata {"frames": "stored"} gets its frames as frame_store.StoredFrame
        stored = (context.definition_metadata or {}).get("frames") == "stored"
        return frame_store.load(self._folder(context.upstream_output if not context.has_asset_key else context), stored=stored)


class FrameIOManager(ConfigurableIOManagerFactory):
    """`base_dir` defaults to the Dagster instance's storage directory."""

    base_dir: Optional[str] = None

    def create_io_manager(self, context: InitResourceContext) -> IOManager:
        base = Path(self.base_dir) if self.base_dir else Path(context.instance.storage_directory())
        return _FrameIO(base / "frames")
