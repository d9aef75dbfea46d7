"""Synthetic extractions in the real on-disk formats.

The format builders here create empty databases with the real table layouts of each
phone artifact and insert rows into them; tests, benchmarks and ``devtriage demo`` use
them to make evidence-like inputs with known content.
"""
