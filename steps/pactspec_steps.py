from pactspec.steps import *  # noqa: F401,F403  (registers the pactspec step library)
