"""Decode the CSV files people upload: UTF-8 (with or without BOM) or GB18030/GBK, as Excel saves a CSV on a
Chinese Windows. Pure; each caller turns ``None`` into its own error message naming the file."""

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_csv(data: bytes) -> str | None:
    """The text of ``data``, or None when it is neither UTF-8 nor GB18030."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
