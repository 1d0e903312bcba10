"""The public API: what ``pactspec`` exports, and that the core stays free of behave."""

from __future__ import annotations

import subprocess
import sys

import pactspec

PUBLIC = [
    # model
    "NO_BODY", "AsynchronousMessage", "SynchronousMessage", "RawInteraction", "MessageContents", "Pact",
    "ProviderState", "Message",
    # errors
    "PactSpecError", "InputError", "PactFileError", "RuleError", "ContractSyntaxError", "ConfigurationError",
    "PactWriteError", "ContractError", "MismatchError",
    # matching
    "Mismatch", "match_message", "match_contents", "match_body", "compile_contents", "CompiledContents",
    # pact files and generators
    "load_pact", "load_pacts", "parse_pact", "write_pact", "dumps_pact", "pact_to_json", "pact_path",
    "apply_generators",
    # provider side
    "Provider", "producer", "provider_state", "verify", "VerificationResult",
]


class TestAll:
    def test_every_exported_name_exists(self) -> None:
        """Each name in ``__all__`` is an attribute of the package."""
        missing = [name for name in pactspec.__all__ if not hasattr(pactspec, name)]
        assert missing == []

    def test_the_public_api_is_exactly_this(self) -> None:
        """Adding or removing a public name is a deliberate change: this list must change with it."""
        assert sorted(pactspec.__all__) == sorted(PUBLIC)

    def test_all_is_unique(self) -> None:
        """``__all__`` lists each name once."""
        assert len(set(pactspec.__all__)) == len(pactspec.__all__)

    def test_no_private_names_exported(self) -> None:
        """Nothing private leaks into the public API."""
        assert [name for name in pactspec.__all__ if name.startswith("_")] == []


class TestCoreIsolation:
    def test_importing_the_core_does_not_import_behave(self) -> None:
        """``import pactspec`` (and its CLI) never pulls in behave; only the step library does."""
        code = "import sys, pactspec, pactspec.cli; pactspec.cli.build_parser(); print('behave' in sys.modules)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "False"

    def test_step_library_imports_behave(self) -> None:
        """The step library is the one place that registers with behave."""
        code = "import sys, pactspec.steps; print('behave' in sys.modules)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "True"
