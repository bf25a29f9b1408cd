"""Search beyond the store's full-text index: sentence embeddings (:mod:`.semantic`) and the
fusion of rankings (:func:`.semantic.fuse`)."""

from .semantic import MODES, Embedder, SemanticUnavailable, fuse, semantic_available

__all__ = ["MODES", "Embedder", "SemanticUnavailable", "fuse", "semantic_available"]
