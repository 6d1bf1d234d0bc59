"""Notebook and terminal displays. Nothing here is imported until a display is asked for."""
