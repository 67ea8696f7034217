"""The version of evidencekit (also in ``pyproject.toml``)."""

__version__ = "0.1.0"
