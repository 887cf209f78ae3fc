import sys
from pathlib import Path

# broken_cases.py is a helper module next to the tests, not a test file.
sys.path.insert(0, str(Path(__file__).resolve().parent))
