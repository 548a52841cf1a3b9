"""Background jobs of the transparency log: thin wrappers registered by name."""

from __future__ import annotations

from datetime import datetime

from mercato.shared import jobs

from . import services


@jobs.register("transparency-publish", every_seconds=5,
               description="append queued facts to the transparency log in one batch and sign the new tree head")
def transparency_publish(as_of: datetime) -> int:
    return services.log_publish()
