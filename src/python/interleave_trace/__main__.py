# Entry point: `python3 .../interleave_trace SCRIPT [ARGS...]` (the folder runs as a script).
import os
import sys

if __name__ == '__main__':
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    from interleave_trace import _run
    sys.exit(_run.main(sys.argv[1:]))
