"""Benchmark machinery (gold worlds, metrics, runners, reports): arrives with its issue."""

__all__: list[str] = []
