"""Errors of the dictionary core. Messages are Chinese and name the place (file, entry, field)."""


class DictionaryError(ValueError):
    """The dictionary files are broken: the message names file, entry and field."""


class AlignmentInputError(ValueError):
    """A plan given to the alignment check cannot be read (unknown id, not a PLAN.json …)."""
