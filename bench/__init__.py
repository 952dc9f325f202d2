"""Benchmarks: figures printed with a baseline measured in the same run (`make bench`)."""
