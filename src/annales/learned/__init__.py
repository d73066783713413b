"""Trained components of the reader: what they learn from (the annotated corpus), how they are trained
(`annales train`, reproducible from a config and the corpus), and the pipeline stages that run them."""

from pathlib import Path

# Where trained components live inside the package (each in its folder, with a model card).
MODELS_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
