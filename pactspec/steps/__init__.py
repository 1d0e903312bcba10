"""The behave step library. In your own ``steps/`` folder write one line::

    from pactspec.steps import *

Importing this module registers every pactspec step with behave.
"""

# The consumer steps first: they are registered first under each keyword, so behave tries them first.
from pactspec.steps._consumer import *  # isort: skip
from pactspec.steps._aws import *
from pactspec.steps._broker import *
from pactspec.steps._provider import *
from pactspec.steps._pubsub import *
from pactspec.steps._transports import *
from pactspec.steps._websocket import *

# Nothing to import by name: importing this package registers the steps with behave.
__all__: list[str] = []
