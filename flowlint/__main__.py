"""`python -m flowlint` runs the command line."""

from flowlint.cli import main

if __name__ == "__main__":
    main()
