"""Merchant-center forms: they parse and check the shape of input; the services decide everything else."""
