from pactspec.steps import *
