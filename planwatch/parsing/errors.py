"""Errors the parser raises. Messages are Chinese and name the file and the problem."""


class ParseError(ValueError):
    """The input cannot be read as a plan document (empty, binary, unknown encoding, not a plan)."""

    def __init__(self, message: str, *, source: str = "") -> None:
        self.source = source
        super().__init__(f"{source}：{message}" if source else message)
