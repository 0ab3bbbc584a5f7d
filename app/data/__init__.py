"""The planner's data: Quartiere from geodata files and indicator tables, previewed first."""
