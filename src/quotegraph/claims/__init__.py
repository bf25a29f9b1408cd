"""Claims over time and headline fidelity.

* :mod:`.cluster`: statements that make the same claim grouped incrementally (sentence
  embeddings plus lexical overlap, :mod:`.lexical`);
* :mod:`.headlines`: headline, standfirst and lead attributions linked to the body statements
  that support them.
"""

from .cluster import Assignment, ClaimIndex, Weights, pair_score
from .headlines import link_headlines

__all__ = ["Assignment", "ClaimIndex", "Weights", "link_headlines", "pair_score"]
