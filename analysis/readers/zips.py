"""ZIP archives from users: bounded member counts, plain names and capped unpacking."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError

__all__ = ["member_chunks", "open_zip", "plain_name"]

_CHUNK = 1024 * 1024
_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError)


def open_zip(path: Path, not_readable: str) -> zipfile.ZipFile:
    """Open a ZIP archive of at most ``MAX_ZIP_MEMBERS`` members.

    ``not_readable`` is the message template for a file that is no ZIP archive.
    """
    try:
        archive = zipfile.ZipFile(path)
        count = len(archive.infolist())
    except _ERRORS:
        raise InputFileError(path, not_readable) from None
    if count > limits.MAX_ZIP_MEMBERS:
        archive.close()
        raise InputFileError(
            path, N_("the archive holds more than %(limit)s files."), limit=limits.MAX_ZIP_MEMBERS
        )
    return archive


def plain_name(name: str) -> bool:
    """True for a relative member name without ``..``, backslashes, drive letters or controls.

    Examples
    --------
    >>> plain_name("xl/workbook.xml"), plain_name("../evil.shp"), plain_name("C:/x.shp")
    (True, False, False)
    """
    return (
        bool(name)
        and "\\" not in name
        and ":" not in name
        and not name.startswith("/")
        and ".." not in PurePosixPath(name).parts
        and all(ch.isprintable() for ch in name)
    )


def check_ratio(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse a large member that unpacks to many times its packed size (a ZIP bomb)."""
    if info.file_size < limits.RATIO_CHECK_BYTES:
        return
    if info.file_size > limits.MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        raise InputFileError(
            path,
            N_(
                "'%(name)s' in the archive would unpack to more than %(ratio)s times its "
                "packed size; such archives are refused as possible ZIP bombs."
            ),
            name=info.filename,
            ratio=limits.MAX_COMPRESSION_RATIO,
        )


def member_chunks(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int
) -> Iterator[bytes]:
    """Unpack one member in chunks; refuse more than ``limit`` bytes or a damaged member.

    The archive's stated sizes are not trusted: the count is of bytes really unpacked.
    """
    if info.flag_bits & 0x1:
        raise InputFileError(path, N_("the archive is encrypted."))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputFileError(
            path,
            N_("'%(name)s' in the archive is packed in an unusual way; pack it again as an "
               "ordinary ZIP archive."),
            name=info.filename,
        )  # fmt: skip
    seen = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                seen += len(chunk)
                if seen > limit:
                    raise InputFileError(
                        path,
                        N_("the archive unpacks to more than %(limit)s MB."),
                        limit=limit // limits.MB,
                    )
                yield chunk
    except _ERRORS:
        raise InputFileError(
            path,
            N_("'%(name)s' in the archive cannot be unpacked (the archive is damaged)."),
            name=info.filename,
        ) from None
