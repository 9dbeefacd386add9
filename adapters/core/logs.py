"""Logs: one JSON object per line on stderr, the same in every process (API, worker, delivery)."""

from __future__ import annotations

import json
import logging

from adapters.core.settings import Settings


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line (messages with quotes or tracebacks stay valid JSON)."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "t": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(settings: Settings) -> None:
    """JSON lines on stderr at CREDIT_LOG_LEVEL, for every process of the service."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    logging.basicConfig(level=settings.log_level, handlers=[handler])
    # Alembic reports every revision it checks or runs at INFO on each start: only its warnings
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # likewise APScheduler's two lines a minute for the sweep job
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
