"""A PDF file from its objects, for the small PDFs Lontar writes itself (the demo's letters,
the fork server's warm-up letter, the tests' letters): no library, no fonts embedded."""

from collections.abc import Sequence


def pdf_from_objects(objects: Sequence[bytes]) -> bytes:
    """``objects`` numbered from 1 in order (object 1 is the catalog), with the
    cross-reference table and trailer a reader needs."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
