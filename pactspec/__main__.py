import sys

from pactspec.cli import main

sys.exit(main())
