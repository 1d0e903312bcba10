"""The bundled example's own code lives in features/app (users.consumer, orders.producer, ...).

behave imports every module in steps/ before it runs a feature, so this makes that code
importable for the handlers and producers the features name. Your project would put its
source folder on the path here, or install it.
"""

import sys
from pathlib import Path

APP = str(Path(__file__).resolve().parent.parent / "features" / "app")
if APP not in sys.path:
    sys.path.insert(0, APP)
