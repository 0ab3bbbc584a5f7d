"""The zipped Shapefile: checked unpacking, then GDAL's Shapefile driver on the parts alone.

GDAL never sees the archive (no ``/vsizip/``): the parts are unpacked under names of our own
into a fresh folder after their headers and sizes were checked, so the only file GDAL opens is
a ``.shp`` that starts with the Shapefile's file code.
"""

from __future__ import annotations

import mmap
import struct
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pyogrio

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.zips import check_ratio, member_chunks, open_zip, plain_name

__all__ = ["extract_shapefile", "read_shapefile"]

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_SMALL_PARTS = {".prj": 64 * 1024, ".cpg": 1024}
_SHAPE_TYPES = {0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31}
_DBF_VERSIONS = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5}


def _shapefile_members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    parts: dict[str, zipfile.ZipInfo] = {}
    stem = None
    for info in archive.infolist():
        name = info.filename
        if name.startswith("__MACOSX/"):
            continue  # resource forks that macOS adds when zipping; never unpacked
        member = PurePosixPath(name)
        if not plain_name(name) or "/" in name:
            raise InputFileError(
                path,
                N_("the archive contains '%(name)s' in a folder or with an unusual name; put "
                   "only the Shapefile's files into the archive, without folders."),
                name=name,
            )  # fmt: skip
        if member.suffix.lower() not in SHAPEFILE_PARTS:
            raise InputFileError(
                path,
                N_("the archive contains '%(name)s', which is not part of a Shapefile; it may "
                   "hold only one Shapefile's .shp, .shx, .dbf, .prj and .cpg files."),
                name=name,
            )  # fmt: skip
        stem = stem or member.stem.casefold()
        if member.stem.casefold() != stem or member.suffix.lower() in parts:
            raise InputFileError(
                path, N_("the archive holds more than one Shapefile; it may hold only one.")
            )
        check_ratio(path, info)
        if info.file_size > _SMALL_PARTS.get(member.suffix.lower(), info.file_size):
            raise _bad_part(path, member.suffix.lower())
        parts[member.suffix.lower()] = info
    for required in (".shp", ".shx", ".dbf"):
        if required not in parts:
            raise InputFileError(
                path, N_("the Shapefile's %(part)s file is missing from the archive."),
                part=required,
            )  # fmt: skip
    if (parts[".shx"].file_size - 100) // 8 > limits.MAX_FEATURES:  # 8 bytes a record
        raise _too_many_features(path)
    return parts


def extract_shapefile(path: Path, folder: Path) -> Path:
    """Unpack the one Shapefile of a ZIP archive into ``folder`` and check its parts.

    The parts are written as ``layer.shp``, ``layer.shx`` … (names never come from the
    archive), at most ``MAX_UNPACKED_BYTES`` together, and must be what they claim to be: the
    ``.shp``/``.shx`` headers (file code 9994), the ``.dbf`` header, and no more than
    ``MAX_FEATURES`` records and ``MAX_VERTICES`` points. Returns the ``.shp`` path.
    """
    budget = limits.MAX_UNPACKED_BYTES
    with open_zip(path, N_("this is not a readable ZIP archive.")) as archive:
        parts = _shapefile_members(path, archive)
        if sum(info.file_size for info in parts.values()) > budget:
            raise InputFileError(
                path, N_("the archive unpacks to more than %(limit)s MB."),
                limit=budget // limits.MB,
            )  # fmt: skip
        for suffix, info in parts.items():
            with (folder / f"layer{suffix}").open("wb") as out:
                for chunk in member_chunks(path, archive, info, budget):
                    budget -= len(chunk)
                    out.write(chunk)
    _check_shapefile(path, folder)
    return folder / "layer.shp"


def _bad_part(path: Path, part: str) -> InputFileError:
    return InputFileError(
        path, N_("the Shapefile's %(part)s file is not a valid %(part)s file."), part=part
    )


def _shp_header(path: Path, header: bytes, part: str, size: int) -> None:
    if len(header) < 100:
        raise _bad_part(path, part)
    code, words = struct.unpack(">i20xi", header[:28])
    version, shape_type = struct.unpack("<ii", header[28:36])
    if code != 9994 or version != 1000 or shape_type not in _SHAPE_TYPES or words * 2 != size:
        raise _bad_part(path, part)


def _too_many_features(path: Path) -> InputFileError:
    return InputFileError(
        path, N_("the file has more than %(limit)s features."), limit=limits.MAX_FEATURES
    )


def _check_shapefile(path: Path, folder: Path) -> None:
    with (folder / "layer.shp").open("rb") as stream:
        if stream.seek(0, 2) < 100:
            raise _bad_part(path, ".shp")
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as shp:
            _check_parts(path, folder, shp)


def _check_parts(path: Path, folder: Path, shp: mmap.mmap) -> None:
    shx = (folder / "layer.shx").read_bytes()
    _shp_header(path, shp[:100], ".shp", len(shp))
    _shp_header(path, shx[:100], ".shx", len(shx))
    if (len(shx) - 100) % 8:
        raise _bad_part(path, ".shx")
    records = (len(shx) - 100) // 8
    with (folder / "layer.dbf").open("rb") as stream:
        dbf_size, dbf = (folder / "layer.dbf").stat().st_size, stream.read(32)
    if len(dbf) < 32 or dbf[0] not in _DBF_VERSIONS:
        raise _bad_part(path, ".dbf")
    rows, header_size, row_size = struct.unpack("<IHH", dbf[4:12])
    if header_size < 33 or header_size + rows * row_size > dbf_size:
        raise _bad_part(path, ".dbf")
    if max(records, rows) > limits.MAX_FEATURES:
        raise _too_many_features(path)
    vertices = 0
    for (offset,) in struct.iter_unpack(">i4x", shx[100:]):
        vertices += _record_points(path, shp, offset * 2)
        if vertices > limits.MAX_VERTICES:
            raise InputFileError(
                path, N_("the file has more than %(limit)s coordinate points."),
                limit=limits.MAX_VERTICES,
            )  # fmt: skip


def _record_points(path: Path, shp: mmap.mmap, start: int) -> int:
    """How many points the record at ``start`` of a ``.shp`` file holds (ESRI white paper)."""
    if start < 100 or start + 12 > len(shp):
        raise _bad_part(path, ".shp")
    (words,) = struct.unpack(">i", shp[start + 4 : start + 8])
    content, end = start + 8, start + 8 + words * 2
    if words < 2 or end > len(shp):
        raise _bad_part(path, ".shp")
    (shape_type,) = struct.unpack("<i", shp[content : content + 4])
    if shape_type == 0:
        return 0
    if shape_type in (1, 11, 21):
        return 1
    field = 36 if shape_type in (8, 18, 28) else 40  # after type, box (and the part count)
    if content + field + 4 > end:
        raise _bad_part(path, ".shp")
    (points,) = struct.unpack("<i", shp[content + field : content + field + 4])
    if points < 0 or points * 16 > end - content:
        raise _bad_part(path, ".shp")
    return points


def read_shapefile(path: Path, folder: Path) -> gpd.GeoDataFrame:
    """Read the one Shapefile of the ZIP archive ``path``, unpacked into ``folder``.

    Examples
    --------
    >>> import tempfile, analysis, geopandas
    >>> shp, zipped = Path(tempfile.mkdtemp()) / "q.shp", Path(tempfile.mkdtemp()) / "q.zip"
    >>> source = Path(analysis.__file__).parents[1] / "tests/data/quartiere.geojson"
    >>> geopandas.read_file(source).to_file(shp)
    >>> with zipfile.ZipFile(zipped, "w") as archive:
    ...     for part in shp.parent.iterdir(): archive.write(part, part.name)
    >>> read_shapefile(zipped, Path(tempfile.mkdtemp()))["Nr"].tolist()
    ['1 a', '1 b', '2']
    """
    shp = extract_shapefile(path, folder)
    try:
        return pyogrio.read_dataframe(str(shp))
    except MemoryError:
        raise
    except Exception:  # GDAL reports damaged files in many ways; the user needs one sentence
        raise InputFileError(path, N_("the Shapefile in the archive cannot be read.")) from None
