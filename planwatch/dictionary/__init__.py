"""The indicator dictionary (指标字典), pure Python: load and validate the curated YAML, normalise names,
match plan indicators to entries, convert units and align a child plan's targets with its parent's.

Nothing here imports Django; the Django layer (planwatch.apps.dictionary) stores entries and links.
"""
