"""Every file the app hands out (PDFs, tables, map layers) goes through :func:`file_response`.

The file name often carries user text (a round label like ``2026 – Ü``, a Quartier code). HTTP
headers are Latin-1 and one line, so the name is sent the RFC 6266 way: an ASCII ``filename=``
for old clients and the full name as ``filename*=UTF-8''…`` (RFC 5987), which werkzeug's
``send_file`` writes. Control characters and path separators never reach the header.
"""

from __future__ import annotations

import io
import re
import unicodedata

from flask import send_file
from flask.wrappers import Response

#: Line breaks, tabs and other control or format characters, and both path separators.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]")


def download_name(name: str, fallback: str = "download") -> str:
    """A file name that is safe in a header and on disk; the text stays as readable as it can.

    Examples
    --------
    >>> download_name('fragebogen-2026 "Ü"\\n.pdf')
    'fragebogen-2026 "Ü" .pdf'
    >>> download_name("../../etc/passwd")
    '.._.._etc_passwd'
    >>> download_name("\\n")
    'download'
    """
    cleaned = _UNSAFE.sub(lambda m: " " if m.group() in "\t\n\r" else "_", name)
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cf")
    cleaned = " ".join(cleaned.split())
    return cleaned or fallback


def file_response(data: bytes, name: str, mimetype: str, *, inline: bool = False) -> Response:
    """Send ``data`` as a file called ``name`` (a download, or ``inline`` to open in the browser).

    Examples
    --------
    >>> from flask import Flask
    >>> with Flask(__name__).test_request_context():
    ...     reply = file_response(b"%PDF", "2026 – Ü.pdf", "application/pdf")
    >>> print(reply.headers["Content-Disposition"])
    attachment; filename="2026  U.pdf"; filename*=UTF-8''2026%20%E2%80%93%20%C3%9C.pdf
    """
    return send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=download_name(name),
    )
