"""Publish the registry as a static JSON API: pure builders, atomic writer, CSV, host files, server."""

from registry_pipeline.publish.builders import build_all
from registry_pipeline.publish.routes import API_PREFIX, file_for_url
from registry_pipeline.publish.server import make_server, serve
from registry_pipeline.publish.writer import PublishResult, Route, publish

__all__ = ["API_PREFIX", "PublishResult", "Route", "build_all", "file_for_url", "make_server", "publish", "serve"]
