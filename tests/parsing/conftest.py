import sys
from pathlib import Path

# the generated test documents live next to the tests (fixtures.py)
sys.path.insert(0, str(Path(__file__).parent))
