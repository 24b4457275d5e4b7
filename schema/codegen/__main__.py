"""`python -m schema.codegen [OUTDIR]`."""

import sys

from schema.codegen import main

raise SystemExit(main(sys.argv[1:]))
