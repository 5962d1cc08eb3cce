"""Plan text → structure. Pure Python, no Django. Entry point: ``document.parse_document(data, filename)``.

- ``ingest``: bytes → original text lines (.txt in any common encoding, .docx, text-layer .pdf, .html)
- ``normalize``: page furniture, typesetting codes, full-width → half-width, wrapped words, flattened and
  broken lines → paragraphs that remember the original line of every character
- ``metadata``: issuer, region, date, 发文字号, 索引号 from the notice
- ``structure``: plans in a file, sections, areas (领域), goal and strategy items, 专栏 key projects
- ``tables``: 专栏 indicator tables flattened one cell per line
- ``targets`` / ``numerals`` / ``units`` / ``vocab``: the target grammar ("≥94", "45左右", "控制在十万分之九以下")
- ``statements``: goal sentences → indicators ("A、B、C筛查率达到95%以上" → three); background baselines
- ``baselines``: attach background baselines to indicators by name
- ``model``: the parsed-plan data contract (``to_json`` / ``from_json``)
"""
