"""`python -m annales.cli`: the same as the `annales` command."""

from . import main

if __name__ == "__main__":
    main()
