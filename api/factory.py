"""Factories for uvicorn's import string (multi-process serving)."""

from fastapi import FastAPI

from api.main import create_app


def app_without_worker() -> FastAPI:
    return create_app(run_worker=False)
