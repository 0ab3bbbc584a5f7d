"""The printable PDF report: cover, map, one page per area and its round table's record."""
