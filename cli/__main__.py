"""`python -m cli`: the `gcm-hub` command line."""

from cli import main

main()
