"""The one vocabulary of planwatch: units, target kinds, status codes and disaggregation cells.

Every other package (parsing, assessment, dictionary, reporting rules, the Django apps) looks these up here
and spells none of them itself, so that a unit the parser reads is the unit the assessment rolls up and the
reporting form checks. Pure Python: no Django, no polars.
"""
