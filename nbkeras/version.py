"""The package version (its own module, so that saving can record it without importing the face)."""

__version__ = "0.1.0"
