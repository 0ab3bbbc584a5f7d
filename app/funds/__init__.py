"""Need-based allocation of funds: compute, save named versions, compare, download."""
