"""Entry point: `python build_site.py validate | new | build | serve | ...` (see --help)."""

import sys

from claimbase.cli import main

if __name__ == "__main__":
    sys.exit(main())
