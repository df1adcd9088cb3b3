"""The PySide6 layer: windows, item models and workers over the headless core.

Nothing here holds logic a test of the core could not reach: every action calls the same core
functions as the CLI, from a worker thread, and the Qt thread only draws.
"""
