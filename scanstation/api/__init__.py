"""The station's local API for the provincial web system (issue 16).

A loopback-only HTTP server (``server.py``) that a page of the portal, running in the officer's
browser, may call once the officer has approved its origin in the station (``pairing.py``).
Every endpoint (``routes.py``) is a thin call into the same core the window and the CLI use.
Qt-free: the window adds its approval dialog and indicator through ``StationHooks``.
"""
