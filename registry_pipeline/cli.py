"""`registry-pipeline` command: run (materialise every asset in-process), serve (preview the API)."""

from __future__ import annotations

import argparse
import os
import sys


def cmd_run(args: argparse.Namespace) -> int:
    from dagster import DagsterInstance, materialize

    from registry_pipeline.definitions import ALL_ASSETS
    from registry_pipeline.resources import HttpResource, SecretsResource, SettingsResource

    if args.offline:
        os.environ["REGISTRY_OFFLINE"] = "1"
    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    result = materialize(
        ALL_ASSETS,
        resources={"settings": SettingsResource(), "http": HttpResource(), "secrets": SecretsResource()},
        instance=instance,
        raise_on_error=False,
    )
    from registry_pipeline.config import settings_from_env

    s = settings_from_env()
    if result.success:
        print(f"registry built: warehouse {s.warehouse_path}, API {s.api_dir}")
        return 0
    print("registry run failed; see the log above", file=sys.stderr)
    return 1


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from registry_pipeline.config import settings_from_env
    from registry_pipeline.publish.server import serve

    api_dir = Path(args.api_dir) if args.api_dir else settings_from_env().api_dir
    serve(api_dir, port=args.port)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from registry_pipeline.catalog import sources_markdown

    Path(args.out).write_text(sources_markdown())
    print(f"wrote {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="registry-pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch every source (or use data/raw) and rebuild warehouse and API")
    run.add_argument("--offline", action="store_true", help="same as REGISTRY_OFFLINE=1: use data/raw only")
    run.set_defaults(func=cmd_run)
    serve = sub.add_parser("serve", help="serve the published API on localhost")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--api-dir", default=None, help="publish root (default: $REGISTRY_DATA_DIR/warehouse/api)")
    serve.set_defaults(func=cmd_serve)
    docs = sub.add_parser("docs", help="write the sources table generated from the specs")
    docs.add_argument("--out", default="docs/sources.md")
    docs.set_defaults(func=cmd_docs)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
