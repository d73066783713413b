"""`python -m annales.cli`: the same as the `annales` command."""

from . import main

main()
