"""Implicit-feedback matrix factorisation (ALS from the `implicit` library), CPU-only, seeded, few threads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from implicit.cpu.als import AlternatingLeastSquares
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

THREADS = 1  # one thread: the results are reproducible and the shared machine keeps a core for others


@dataclass(frozen=True)
class Factors:
    users: NDArray[np.float32]
    items: NDArray[np.float32]

    def scores(self, user_rows: NDArray[np.int64]) -> NDArray[np.float32]:
        return np.asarray(self.users[user_rows] @ self.items.T, dtype=np.float32)


def fit_als(user_items: sp.csr_matrix, *, factors: int, regularization: float, alpha: float, iterations: int,
            seed: int) -> Factors:
    """Confidence = 1 + alpha·log1p(weight): a wholesaler's hundredth order of an item is not 100× the evidence."""
    confidence = user_items.copy().astype(np.float32)
    confidence.data = np.log1p(confidence.data)
    n_users, n_items = confidence.shape
    if confidence.nnz == 0 or factors <= 0:
        return Factors(np.zeros((n_users, 1), np.float32), np.zeros((n_items, 1), np.float32))
    with threadpool_limits(1, "blas"):  # implicit asks for this: BLAS threads would fight its own
        model = AlternatingLeastSquares(factors=factors, regularization=regularization, alpha=alpha,
                                        iterations=iterations, num_threads=THREADS, random_state=seed,
                                        calculate_training_loss=False)
        model.fit(confidence, show_progress=False)
    return Factors(np.asarray(model.user_factors, dtype=np.float32), np.asarray(model.item_factors, dtype=np.float32))
