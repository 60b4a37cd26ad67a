"""zhnews_ie: Chinese news articles to a typed knowledge graph (a spaCy pipeline).

    >>> import zhnews_ie
    >>> article = zhnews_ie.extract("贵阳海关协调项目资金4879.5万元。")
    >>> article.amounts[0].value
    48795000
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ZhNewsError
from .pipeline import build, extract, load
from .records import Article

__all__ = ["Article", "ZhNewsError", "__version__", "build", "extract", "load"]
