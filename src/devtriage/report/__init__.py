"""Reports: one module per output format (terminal summary, self-contained HTML)."""
