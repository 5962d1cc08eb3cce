"""Plan text → structure. Pure Python, no Django.

- ``ingest``: read .txt (any encoding) / .docx / .pdf / .html into text lines
- ``normalize``: strip page furniture, full-width → half-width, re-join broken lines
- ``targets``: the target grammar ("≥94", "45左右", "控制在十万分之九以下", "逐年提高" → Target)
- ``statements``: goal sentences → indicator statements ("A、B、C筛查率达到95%以上" → three)
- ``tables``: 专栏 indicator tables flattened one cell per line
- ``document``: the whole document → ``model.Document`` (metadata, plans, areas, goals, indicators)
"""
