"""Offline recommendation modelling: pure numpy/scipy/implicit/scikit-learn, no Django.

The serving side fits a `BlendedRecommender` on interactions and asks it for each placement; the evaluation
module measures it against the baselines on any `user_id,item_id,timestamp[,weight]` file.
"""

from .blend import CART_WEIGHT, PURCHASE_WEIGHT, VIEW_WEIGHT, BlendedRecommender, Interaction, Scored
from .params import BlendParams

__all__ = ["CART_WEIGHT", "PURCHASE_WEIGHT", "VIEW_WEIGHT", "BlendParams", "BlendedRecommender", "Interaction",
           "Scored"]
