"""The assessment engine: status, progress, trend, projection and early warnings (pure, no Django).

``engine.assess`` is the single entry point: indicators + observations + region tree → one result row per
indicator key × region × year × disaggregation. Everything is vectorised with polars so that a whole nation's
monitoring database (≈ 13 million values) is assessed in seconds.
"""

from .config import AssessConfig
from .engine import assess

__all__ = ["AssessConfig", "assess"]
