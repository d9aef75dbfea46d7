"""devtriage: triage of seized-phone extractions for stalking and harassment cases."""

__version__ = "0.1.0"
