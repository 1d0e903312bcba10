"""Names renamed in 0.2 keep their old spelling until 0.3, as aliases that warn and name the replacement."""

from __future__ import annotations

import importlib
import warnings

import pytest

import pactspec.capture
import pactspec.errors
import pactspec.transports

RENAMED = [
    ("pactspec.errors", "BrokerError", "TransportError"),
    ("pactspec.errors", "BrokerUnreachable", "TransportUnreachable"),
    ("pactspec.transports", "BrokerError", "TransportError"),
    ("pactspec.transports", "BrokerUnreachable", "TransportUnreachable"),
    ("pactspec.transports", "BrokerBackend", "TransportBackend"),
    ("pactspec.capture", "BrokerBackend", "TransportBackend"),
]


@pytest.mark.parametrize(("module", "old", "new"), RENAMED)
class TestRenamedNames:
    def test_the_old_name_is_the_new_object(self, module: str, old: str, new: str) -> None:
        """The alias is the renamed class itself, so isinstance and except clauses keep working."""
        face = importlib.import_module(module)
        with pytest.warns(DeprecationWarning):
            assert getattr(face, old) is getattr(face, new)

    def test_the_warning_says_what_to_write_instead(self, module: str, old: str, new: str) -> None:
        """The warning names the old name, the new one and the import to write."""
        face = importlib.import_module(module)
        with pytest.warns(DeprecationWarning) as caught:
            getattr(face, old)
        message = str(caught[0].message)
        assert f"{module}.{old} is renamed {new}" in message
        assert f"write `from {module} import {new}`" in message

    def test_the_new_name_does_not_warn(self, module: str, old: str, new: str) -> None:
        """Only the old spelling warns."""
        face = importlib.import_module(module)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            getattr(face, new)


def test_an_import_of_an_old_name_warns_once_and_points_at_the_import() -> None:
    """``from package import Old`` warns once (importlib's own look-up stays quiet), at the importing line."""
    with pytest.warns(DeprecationWarning) as caught:
        from pactspec.transports import BrokerError  # noqa: F401
    assert len(caught) == 1
    assert caught[0].filename == __file__


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    """The alias hook answers only the renamed names; a typo fails as before."""
    with pytest.raises(AttributeError, match="has no attribute 'BrokerTypo'"):
        pactspec.transports.BrokerTypo  # noqa: B018
    assert not hasattr(pactspec.capture, "Nothing") and not hasattr(pactspec.errors, "Nothing")
