"""`python -m benchmarks [--scale 10k|100k|1m]`: the scale benchmark (`benchmarks.scale`)."""

from benchmarks.scale import main

main()
