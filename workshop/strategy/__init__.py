"""The strategy, its versions, loading and exporting."""
