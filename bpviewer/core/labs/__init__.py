"""Teaching labs: each topic's numbers, computed with torch in float64, for views to draw."""
