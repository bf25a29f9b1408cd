"""Cross-article knowledge: global entities resolved over many articles."""

from .resolve import GlobalEntity, Resolver

__all__ = ["GlobalEntity", "Resolver"]
