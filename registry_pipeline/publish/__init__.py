"""Publish the registry as a static JSON API: pure builders (`builders`), the atomic writer (`writer`), CSV and
Parquet exports, the host files (`routes`), the local server (`server`). The package imports none of them, so a
build that publishes never imports the server's web stack (uvicorn, starlette)."""
