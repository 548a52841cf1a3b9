"""Background jobs of recommendations: thin wrappers registered by name."""

from __future__ import annotations

from datetime import datetime

from mercato.shared import jobs

from .training import recommendations_train

DAILY = 24 * 3600


@jobs.register("train-recommendations", every_seconds=DAILY,
               description="fit the recommendation models on purchases and behaviour, store candidate lists per "
                           "shopper, per item and for everyone (serving reads them); prune old anonymous behaviour")
def train_recommendations(as_of: datetime) -> int:
    return recommendations_train(as_of).candidate_rows
