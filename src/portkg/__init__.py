"""portkg: an evidence-anchored knowledge graph of port and trade-facilitation reforms."""
__version__ = "0.1.0"
