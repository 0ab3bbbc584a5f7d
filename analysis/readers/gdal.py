"""GDAL as the upload worker needs it: the Shapefile driver only, no virtual file systems.

GDAL chooses a driver by a file's content and reads paths such as ``/vsicurl/http://…`` or
``/vsizip/…`` through virtual file systems. The worker that reads uploads needs neither: it
opens one ``.shp`` that it unpacked and checked itself. :func:`confine_gdal` therefore

- removes every driver but ``ESRI Shapefile`` from GDAL's driver manager (what ``GDAL_SKIP``/
  ``OGR_SKIP`` do at start-up, but complete: ``OGR_SKIP`` is split at commas and
  ``GDAL_SKIP`` at spaces, so names such as "MapInfo File" cannot all be listed there);
- removes every virtual file system handler (``VSIRemovePluginHandler``, GDAL 3.9+), so
  ``/vsicurl/``, ``/vsis3/``, ``/vsizip/``, ``/vsistdin/`` … are plain (missing) local paths;
- switches PROJ's network access off (grids from the CDN) for GDAL and for pyproj;
- sets the documented config options below, which matter only if a driver came back.

It is meant for the worker process (:mod:`analysis.readers.sandbox`); the web process keeps
the GPKG and GeoJSON drivers it needs to write exports, and reads no upload with GDAL.
"""

from __future__ import annotations

import ctypes
import os

import pyogrio
import pyogrio._ogr
import pyproj.network

__all__ = ["KEPT_DRIVERS", "WORKER_OPTIONS", "confine_gdal", "gdal_state"]

KEPT_DRIVERS = ("ESRI Shapefile",)
#: GDAL configuration options of the worker (see GDAL's "Configuration options" page).
WORKER_OPTIONS = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",  # never list the folder of a file
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".qk-nothing",  # /vsicurl/ would open no file at all
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "CPL_ALLOW_VSISTDIN": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW": "NO",
    "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW": "NO",
    "SPATIALITE_LOAD": "NO",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "GDAL_VRT_ENABLE_RAWRASTERBAND": "NO",
    "GDAL_PAM_ENABLED": "NO",  # no .aux.xml side files
    "SHAPE_RESTORE_SHX": "NO",
    "CPL_DEBUG": "OFF",
}


def _library() -> ctypes.CDLL:
    """GDAL's C API, reached through pyogrio's extension (dlsym also searches its libraries)."""
    lib = ctypes.CDLL(pyogrio._ogr.__file__)
    signatures = {
        "GDALGetDriverCount": ([], ctypes.c_int),
        "GDALGetDriver": ([ctypes.c_int], ctypes.c_void_p),
        "GDALGetDriverShortName": ([ctypes.c_void_p], ctypes.c_char_p),
        "GDALDeregisterDriver": ([ctypes.c_void_p], None),
        "VSIGetFileSystemsPrefixes": ([], ctypes.POINTER(ctypes.c_char_p)),
        "VSIRemovePluginHandler": ([ctypes.c_char_p], ctypes.c_int),
        "CSLDestroy": ([ctypes.POINTER(ctypes.c_char_p)], None),
        "OSRSetPROJEnableNetwork": ([ctypes.c_int], None),
        "OSRGetPROJEnableNetwork": ([], ctypes.c_int),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = arguments, result
    return lib


def _prefixes(lib: ctypes.CDLL) -> list[bytes]:
    listed = lib.VSIGetFileSystemsPrefixes()
    found: list[bytes] = []
    if listed:
        while listed[len(found)] is not None:
            found.append(listed[len(found)])
        lib.CSLDestroy(listed)
    return found


def gdal_state() -> dict[str, object]:
    """What GDAL can do in this process: drivers, virtual file systems, PROJ network."""
    lib = _library()
    drivers = [lib.GDALGetDriver(i) for i in range(lib.GDALGetDriverCount())]
    return {
        "drivers": sorted(lib.GDALGetDriverShortName(d).decode() for d in drivers),
        "file_systems": sorted(p.decode() for p in _prefixes(lib)),
        "proj_network": bool(lib.OSRGetPROJEnableNetwork()),
    }


def confine_gdal() -> None:
    """Leave GDAL with the Shapefile driver, no virtual file systems and no network.

    Irreversible for the process; raises RuntimeError if GDAL did not comply.

    Examples
    --------
    >>> import subprocess, sys  # irreversible: shown in a process of its own
    >>> code = "from analysis.readers.gdal import *; confine_gdal(); print(gdal_state())"
    >>> print(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
    {'drivers': ['ESRI Shapefile'], 'file_systems': [], 'proj_network': False}
    <BLANKLINE>
    """
    os.environ["PROJ_NETWORK"] = "OFF"
    pyproj.network.set_network_enabled(active=False)
    pyogrio.set_gdal_config_options(WORKER_OPTIONS)
    lib = _library()
    lib.OSRSetPROJEnableNetwork(0)
    drivers = [lib.GDALGetDriver(i) for i in range(lib.GDALGetDriverCount())]
    for driver in drivers:
        if lib.GDALGetDriverShortName(driver).decode() not in KEPT_DRIVERS:
            lib.GDALDeregisterDriver(driver)
    for prefix in _prefixes(lib):
        lib.VSIRemovePluginHandler(prefix)
    state = gdal_state()
    if state != {"drivers": list(KEPT_DRIVERS), "file_systems": [], "proj_network": False}:
        raise RuntimeError(f"GDAL could not be confined: {state}")
