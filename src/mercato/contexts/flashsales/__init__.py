"""Flash sales: campaigns with a sale price, units offered and a per-buyer limit, sold through a gate."""
