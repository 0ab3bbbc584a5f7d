"""The server log never holds a client address: a filter on the servers' loggers removes them.

gunicorn (``serve.py``) writes no access log here, but it logs a malformed request with the
client's address (``Invalid request from ip=203.0.113.9: …``); waitress (the tests' in-thread
server) logs the connection on errors (``<HTTPChannel 203.0.113.9:41346 at 0x…>``). The filter
rewrites every record of these loggers (message, arguments and traceback) with addresses
replaced before any handler sees it.
"""

from __future__ import annotations

import logging
import re
import traceback

#: The servers' loggers (a filter on a logger does not see its children's records).
SERVER_LOGGERS = ("gunicorn.error", "gunicorn.access", "waitress", "waitress.queue")
REMOVED = "[address removed]"
#: The server's own listen address, logged once at start (gunicorn, waitress); not a client's.
LISTEN_NOTICES = ("Listening at: ", "Serving on ")

_IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])"
# Generous on purpose: a clock time such as 12:30:45 is removed too, which costs nothing here.
_IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,5})(?![\w:])"
ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")


def without_addresses(text: str) -> str:
    """``text`` with every IPv4/IPv6 address (and port) replaced.

    >>> without_addresses("<HTTPChannel 127.0.0.1:41346 at 0x7f> and [2001:db8::1]:80")
    '<HTTPChannel [address removed] at 0x7f> and [[address removed]]:80'
    """
    return ADDRESS.sub(REMOVED, text)


class AddressFilter(logging.Filter):
    """Rewrites a record so that no handler can write a client address."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(LISTEN_NOTICES):
            message = without_addresses(message)
        record.msg, record.args = message, None
        if record.exc_info:
            # Exceptions (OSError, a channel's repr) can carry the address: format them now.
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info, record.exc_text = None, without_addresses(text)
        elif record.exc_text:
            record.exc_text = without_addresses(record.exc_text)
        if record.stack_info:
            record.stack_info = without_addresses(record.stack_info)
        return True


def install() -> None:
    """Put the filter on the servers' loggers once per process (``create_app`` and ``serve.py``
    call this)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, AddressFilter) for f in logger.filters):
            logger.addFilter(AddressFilter())
