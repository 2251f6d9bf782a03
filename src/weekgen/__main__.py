"""`python -m weekgen` runs the command line."""

from weekgen.cli import run

run()
