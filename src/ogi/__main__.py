"""`python -m ogi` runs the command line."""

from ogi.cli import main

main()
