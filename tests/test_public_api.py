"""The public API: what ``pactspec`` exports, and that the core stays free of behave."""

from __future__ import annotations

import ast
import configparser
import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pactspec

ROOT = Path(__file__).parent.parent
COMPATIBILITY = Path(__file__).parent / "compatibility"
# Modules that are plumbing of another public module, whatever their __all__ says: the pact reader's
# parts (use parse_pact / load_pact), the proxy's wire protocol and client (use MessageProxy / verify).
INTERNAL_MODULES = {"pactspec.pactfile._parts", "pactspec.provider._proxy_protocol", "pactspec.provider._proxy_client"}

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
    "Provider", "producer", "provider_state", "verify", "VerificationResult", "format_console",
    # serving producers to any Pact verifier (``pactspec serve`` in Python)
    "MessageProxy",
    # consumer contracts written in Python (issue 14)
    "MessagePact", "match", "generate",
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


class TestLazyNames:
    def test_each_name_has_one_home_and_the_type_checkers_see_the_same(self) -> None:
        """``_HOMES`` (what runs), the ``TYPE_CHECKING`` imports (what type checkers read) and ``__all__`` agree."""
        homes = {(module, name) for module, names in pactspec._HOMES.items() for name in names}
        tree = ast.parse((ROOT / "pactspec" / "__init__.py").read_text(encoding="utf-8"))
        [guarded] = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
        imported = {(node.module, alias.name) for node in guarded.body if isinstance(node, ast.ImportFrom)
                    for alias in node.names}
        assert imported == homes
        assert sorted(name for _, name in homes) == sorted(pactspec.__all__)

    def test_importing_the_package_imports_no_part_until_a_name_is_used(self) -> None:
        """``import pactspec`` loads only its face; the first use of a name imports that name's home."""
        code = ("import sys, pactspec; before = sorted(m for m in sys.modules if m.startswith('pactspec.')); "
                "pactspec.MessagePact; print(before, 'pactspec.consumer' in sys.modules, 'pactspec.broker' in sys.modules)")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert done.stdout.split() == ["['pactspec._version']", "True", "False"]

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        """A misspelt name fails as for any module, so ``hasattr`` and ``getattr(..., default)`` work."""
        assert not hasattr(pactspec, "MessagePakt")
        with pytest.raises(AttributeError, match="no attribute 'MessagePakt'"):
            pactspec.MessagePakt  # noqa: B018

    def test_dir_lists_the_public_names(self) -> None:
        """Completion in a REPL offers every public name before any was used."""
        assert set(pactspec.__all__) <= set(dir(pactspec))


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


def _pactspec_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) for every ``from pactspec… import name`` and ``import pactspec…`` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "pactspec":
            found += [(node.lineno, node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "") for alias in node.names if alias.name.split(".")[0] == "pactspec"]
    return found


class TestCompatibilitySuiteUsesThePublicApi:
    def test_the_steps_import_only_public_names(self) -> None:
        """The compatibility steps import pactspec names a user could: each in its public module's __all__."""
        files = sorted(COMPATIBILITY.rglob("*.py"))
        assert files, f"no Python files under {COMPATIBILITY}"
        wrong = []
        for path in files:
            for line, module, name in _pactspec_imports(path):
                where = f"{path.relative_to(COMPATIBILITY.parent)}:{line}: {module} {name}".rstrip()
                if any(part.startswith("_") for part in [*module.split("."), name] if part):
                    wrong.append(f"{where} (private)")
                elif module in INTERNAL_MODULES:
                    wrong.append(f"{where} (internal module; use the top-level API)")
                elif name and module != "pactspec" and name not in getattr(importlib.import_module(module), "__all__", ()):
                    wrong.append(f"{where} (not in {module}.__all__)")
                elif name and module == "pactspec" and name not in pactspec.__all__ and not _is_submodule(name):
                    wrong.append(f"{where} (not in pactspec.__all__)")
        assert wrong == []

    def test_the_check_sees_a_private_import(self, tmp_path: Path) -> None:
        """The import scan finds names in both import forms, so the check above can fail."""
        (tmp_path / "steps.py").write_text("from pactspec.pactfile._parts import Where\nimport pactspec._x\n")
        assert _pactspec_imports(tmp_path / "steps.py") == [(1, "pactspec.pactfile._parts", "Where"), (2, "pactspec._x", "")]


def _is_submodule(name: str) -> bool:
    """``from pactspec import matching`` names a public module, not an exported object."""
    return not name.startswith("_") and importlib.util.find_spec(f"pactspec.{name}") is not None


class TestDistributionName:
    """``pactspec`` on PyPI is an unrelated project; this one is distributed as ``pactspec-messages``."""

    def test_setup_cfg_names_the_distribution_pactspec_messages(self) -> None:
        """The distribution name is pactspec-messages while the import package and the command stay pactspec."""
        config = configparser.ConfigParser()
        config.read(ROOT / "setup.cfg")
        assert config["metadata"]["name"] == "pactspec-messages"
        assert config["options.packages.find"]["include"].split(", ")[0] == "pactspec"
        assert config["options.entry_points"]["console_scripts"].split() == ["pactspec", "=", "pactspec.cli:main"]

    def test_every_readme_install_line_names_pactspec_messages(self) -> None:
        """No README line tells users to install the other project, with or without an extra."""
        readme = (ROOT / "README.md").read_text()
        installs = re.findall(r"pip install '?(pactspec[^\s'`]*)", readme)
        assert installs and all(name.startswith("pactspec-messages") for name in installs)
        assert not re.search(r"`pactspec\[", readme)
        assert "don't install both in one environment" in readme
