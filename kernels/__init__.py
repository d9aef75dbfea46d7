"""Numba kernels: a private ``@njit`` function plus a checked public wrapper per kernel."""
