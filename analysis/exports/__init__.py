"""Files for office and GIS users: CSV and XLSX (neutralised against formulas), GeoPackage and
KomMonitor GeoJSON."""
