"""The shared kernel: small, stable building blocks every context may use."""
