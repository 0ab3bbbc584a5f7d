"""The Kreis over its Kommunen: aggregates, Kreis index, within versus between, similar areas."""
