import sys

from pactspec.cli._main import main

sys.exit(main())
