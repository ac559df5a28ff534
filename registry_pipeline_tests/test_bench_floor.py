"""The bench's I/O floor (`bench.io_floor`) reads what the build read and writes what it wrote: the same
API tree, folder for folder, each body as orjson writes it, and the binary outputs byte for byte."""

import orjson

from registry_pipeline_tests import bench


def test_the_floor_writes_the_api_tree_and_the_binary_outputs(tmp_path):
    api = tmp_path / "api"
    bodies = {
        "v1/models/index.json": {"data": [{"id": "gpt-4o", "name": "GPT-4o"}]},
        "v1/models/gpt-4o/index.json": {"data": {"id": "gpt-4o", "contextWindow": 128000}},
        "v1/benchmarks/swe-bench-verified/index.json": {"data": {"id": "swe-bench-verified"}},
    }
    for rel, body in bodies.items():
        (api / rel).parent.mkdir(parents=True, exist_ok=True)
        (api / rel).write_text(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode())  # not orjson's compact form
    csv = b"model_id,score\ngpt-4o,33.2\n"
    (api / "v1" / "export.csv").write_bytes(csv)
    warehouse = tmp_path / "registry.duckdb"
    warehouse.write_bytes(b"\0" * 4096)
    raw = tmp_path / "models.json"
    raw.write_bytes(b'{"models": [1, 2, 3]}')
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    floor = bench.io_floor([raw], api, [warehouse], scratch)

    assert floor["bytes_read"] == raw.stat().st_size
    assert floor["files_written"] == len(bodies) + 2
    assert floor["bytes_written"] == sum(len(orjson.dumps(b)) for b in bodies.values()) + len(csv) + 4096
    (written,) = scratch.iterdir()
    assert sorted(str(p.relative_to(written)) for p in written.rglob("*") if p.is_file()) == sorted(
        [*bodies, "v1/export.csv", "blob-registry.duckdb"])
    assert orjson.loads((written / "v1/models/gpt-4o/index.json").read_bytes()) == bodies["v1/models/gpt-4o/index.json"]
    assert floor["floor_s"] > 0
