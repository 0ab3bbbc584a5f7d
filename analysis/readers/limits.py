"""How much an uploaded file may ask of the server: every limit of the readers, in one place.

The figures leave room for the largest real cases (Berlin's 542 Planungsräume, a Kreis with
several thousand statistical blocks, a long table of ten years of indicators) and stop files
that only exist to exhaust the server. ``docs/workspace.md`` ("Upload limits") states them.
"""

from __future__ import annotations

MB = 1024 * 1024

#: Size of a geodata file as uploaded (GeoJSON text, GeoPackage, ZIP archive); the web
#: accepts no larger request anyway (``MAX_CONTENT_LENGTH``).
MAX_GEODATA_BYTES = 32 * MB
#: Size of all parts of a zipped Shapefile together, unpacked.
MAX_UNPACKED_BYTES = 256 * MB
#: How many times its packed size a member of a ZIP archive may unpack to, for members larger
#: than ``RATIO_CHECK_BYTES`` (deflate reaches about 1,000 : 1 on a ZIP bomb; real data 2–30).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_BYTES = 1 * MB
#: Members of a ZIP archive (an XLSX workbook is a ZIP archive of a few dozen parts).
MAX_ZIP_MEMBERS = 500
#: Features (areas) of one file.
MAX_FEATURES = 20_000
#: Coordinate points of all outlines of one file together.
MAX_VERTICES = 2_000_000

#: Size of a CSV file.
MAX_TABLE_BYTES = 32 * MB
#: Size of one part of an XLSX workbook, unpacked (a sheet, the shared strings), and of all.
MAX_XLSX_PART_BYTES = 64 * MB
MAX_XLSX_BYTES = 128 * MB
#: Columns, rows and characters per cell of a table (CSV or XLSX).
MAX_COLUMNS = 1_000
MAX_ROWS = 300_000
MAX_CELL_CHARS = 10_000

#: Wall-clock and CPU seconds of the worker process that reads an upload.
WORKER_SECONDS = 60
#: Memory the worker may take on top of what it holds when it starts (address space).
WORKER_MEMORY_BYTES = 1536 * MB
#: Size of what the worker may send back (the areas as WKB, the tidy table).
MAX_RESULT_BYTES = 256 * MB
