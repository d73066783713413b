"""The web side: a FastAPI app serving the store (read endpoints, coding on the fly, token-guarded writes)."""

from .app import create_app

__all__ = ["create_app"]
