"""Reading the files a town sends: indicator tables (CSV, XLSX), area geometries (GeoJSON,
GeoPackage, zipped Shapefile) and the indicator catalogue, after content checks and within limits;
uploads are read in an isolated worker process (``isolated``, ``sandbox``)."""
