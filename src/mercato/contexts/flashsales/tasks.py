"""Background jobs of flash sales: thin wrappers registered by name."""

from __future__ import annotations

from datetime import datetime

from mercato.shared import jobs
from mercato.shared.actor import system_actor

from . import reconciliation, services


@jobs.register("flash-sales-open-and-end", every_seconds=5,
               description="open flash sales whose start has come (earmark their units), end those whose window "
                           "passed (unsold units back to the shelf)")
def open_and_end(as_of: datetime) -> int:
    opened, ended = services.sales_due(as_of, system_actor("job:flash-sales-open-and-end"))
    return opened + ended


@jobs.register("flash-sales-reconcile", every_seconds=10,
               description="rebuild every live flash sale's Redis gate from the database (after a restart too)")
def reconcile(as_of: datetime) -> int:
    return reconciliation.reconcile_live(system_actor("job:flash-sales-reconcile"))
