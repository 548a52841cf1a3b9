"""Background jobs of the assistant: thin wrappers registered by name."""

from __future__ import annotations

from datetime import datetime

from mercato.shared import jobs

from . import services


@jobs.register("assistant-transcripts-expire", every_seconds=3600,
               description="delete assistant conversations idle for longer than MERCATO_ASSISTANT_RETENTION_DAYS "
                           "(default 180): transcripts are personal data")
def transcripts_expire(as_of: datetime) -> int:
    return services.transcripts_expire(as_of=as_of)
