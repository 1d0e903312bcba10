"""The behave step library. In your own ``steps/`` folder write one line::

    from pactspec.steps import *

Importing this module registers every pactspec step with behave.
"""

from pactspec.steps.brokers import *
from pactspec.steps.consumer import *
from pactspec.steps.provider import *

# Nothing to import by name: importing this package registers the steps with behave.
__all__: list[str] = []
