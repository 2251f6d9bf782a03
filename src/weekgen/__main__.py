"""`python -m weekgen` runs the command line."""

import sys

from weekgen.cli import main

sys.exit(main())
