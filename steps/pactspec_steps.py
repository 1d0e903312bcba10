from pactspec.steps import *  # registers the pactspec step library with behave
