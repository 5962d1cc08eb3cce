"""Errors of the dictionary core. Messages are Chinese and name the place (file, entry, field)."""


class DictionaryError(ValueError):
    """The dictionary files are broken: the message names file, entry and field."""


class AlignmentInputError(ValueError):
    """A plan given to the alignment check cannot be read (unknown id, not a PLAN.json …)."""


class OutlineCodesMissing(AlignmentInputError):
    """The outline targets name dictionary codes the dictionary lacks (in the database: loaded only in part).
    ``missing`` holds every (outline key, code, target text), not just the first."""

    def __init__(self, message: str, missing: list[tuple[str, str, str]]):
        super().__init__(message)
        self.missing = missing
