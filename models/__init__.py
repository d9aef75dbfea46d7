"""Shipped model files (sentencepiece ``.model`` and ``.npz`` weights) and the model card."""
