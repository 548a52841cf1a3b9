"""The recommendations door. Other contexts (and the pages) import only from here, contracts.py and events.py."""

from .contracts import Recommendations, RecommendedItem, Viewer
from .domain.viewers import session_digest
from .selectors import personalisation_enabled
from .services import behaviour_record, personalisation_set
from .serving import PlacementRequest, recommend
from .training import recommendations_train

__all__ = ["PlacementRequest", "RecommendedItem", "Recommendations", "Viewer", "behaviour_record",
           "personalisation_enabled", "personalisation_set", "recommend", "recommendations_train", "session_digest"]
