"""Text rules every app shares."""


def one_line(value: str) -> str:
    """A one-line field's value on one line: line breaks, tabs and runs of spaces become
    one space. A pasted line break in a subject or a venue would otherwise make a line of
    its own in a WhatsApp text, an e-mail header or a calendar feed."""
    return " ".join(str(value).split())
