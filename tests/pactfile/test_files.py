"""Pact files on disk: loading, safe names, merging writes under a lock, atomic replacement."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.errors import ConfigurationError, PactWriteError
from pactspec.model import (
    AsynchronousMessage,
    MessageContents,
    Pact,
    ProviderState,
    RawInteraction,
)
from pactspec.pactfile._files import (
    kept_interactions,
    merge_pacts,
    pact_path,
    write_pact,
)
from pactspec.pactfile._json import dumps_pact, loads_pact
from pactspec.pactfile._reading import load_pact

REPO = Path(__file__).resolve().parents[2]


def accept(message: object) -> None:
    """A consumer handler that accepts every message (for `pactspec run` in a subprocess)."""


def message(description: str, body: Any = None, *, key: str | None = None, state: str | None = None) -> AsynchronousMessage:
    return AsynchronousMessage(
        description,
        MessageContents(body={"n": 1} if body is None else body, content_type="application/json"),
        provider_states=(ProviderState(state),) if state else (),
        key=key,
    )


def pact(*interactions: Any, version: str = "4.0", consumer: str = "web", provider: str = "users") -> Pact:
    return Pact(consumer, provider, tuple(interactions), spec_version=version)  # type: ignore[arg-type]


def descriptions(path: Path) -> list[str]:
    return [i.description for i in load_pact(path).interactions]


HOSTILE_NAMES = [
    "../../../etc/passwd", "/etc/passwd", "a/b", "a\\b", "nul\0byte", "..", ".", "...", "",
    "x" * 1000, "é" * 300, "line\nbreak", "C:\\Windows", "con:stream", "   ", "-",
]


class TestFileNames:
    def test_plain_name(self, tmp_path: Path) -> None:
        """Ordinary names give ``{consumer}-{provider}.json``."""
        assert pact_path(tmp_path, "web app", "user-service").name == "web app-user-service.json"

    @pytest.mark.parametrize("name", HOSTILE_NAMES)
    def test_hostile_names_stay_inside(self, tmp_path: Path, name: str) -> None:
        """No consumer or provider name places the pact outside the directory or over NAME_MAX."""
        folder = tmp_path / "pacts"
        for consumer, provider in ((name, "p"), ("c", name), (name, name)):
            path = pact_path(folder, consumer, provider)
            assert path.parent == folder.resolve()
            assert len(path.name.encode()) <= 255 and path.name.endswith(".json")
            assert "\0" not in path.name and "/" not in path.name
            if not consumer.strip() or not provider.strip():
                with pytest.raises(PactWriteError, match="needs a non-empty"):
                    write_pact(pact(message("a"), consumer=consumer, provider=provider), folder)
            else:
                written = write_pact(pact(message("a"), consumer=consumer, provider=provider), folder)
                assert written.resolve().parent == folder.resolve()
                assert load_pact(written).consumer == consumer
        assert sorted(p.name for p in tmp_path.iterdir()) in (["pacts"], [])

    @pytest.mark.parametrize(("consumer", "expected"), [
        ("../../etc", "etc-passwd.json"), (".hidden", "hidden-passwd.json"), ("./.x", "x-passwd.json"),
        ("..", "__-passwd.json"), ("a/../b", "a_.._b-passwd.json"),
    ])
    def test_a_name_never_makes_a_hidden_file(self, tmp_path: Path, consumer: str, expected: str) -> None:
        """A name starting with dots (``../../etc``) gives a visible file name inside the folder, not a dotfile."""
        path = write_pact(pact(message("a"), consumer=consumer, provider="passwd"), tmp_path / "pacts")
        assert path.name == expected
        assert [p.name for p in (tmp_path / "pacts").iterdir() if p.suffix == ".json"] == [expected]

    def test_long_names_stay_distinct(self, tmp_path: Path) -> None:
        """Names that differ only past the truncation point still get different files."""
        first = pact_path(tmp_path, "c" * 500 + "1", "p")
        second = pact_path(tmp_path, "c" * 500 + "2", "p")
        assert first != second

    def test_symlink_leading_outside_is_refused(self, tmp_path: Path) -> None:
        """A symbolic link at the pact's name pointing elsewhere is not written through."""
        folder = tmp_path / "pacts"
        folder.mkdir()
        outside = tmp_path / "outside.json"
        (folder / "web-users.json").symlink_to(outside)
        with pytest.raises(PactWriteError, match="outside"):
            write_pact(pact(message("a")), folder)
        assert not outside.exists()

    def test_colliding_names_are_refused(self, tmp_path: Path) -> None:
        """Two pairs that sanitise to one file name do not merge into each other."""
        write_pact(pact(message("a"), consumer="a/b"), tmp_path)
        with pytest.raises(PactWriteError, match="same file name"):
            write_pact(pact(message("a"), consumer="a_b"), tmp_path)


class TestFileModes:
    @pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
    def test_files_get_the_mode_the_umask_gives(self, tmp_path: Path, umask: int, mode: int) -> None:
        """`pactspec run` writes the pact, lock and run-id files with 0666 minus the umask, as any new file."""
        contract = tmp_path / "c.yaml"
        contract.write_text("consumer: web\nprovider: users\nmessages:\n  - description: m\n"
                            "    content:\n      $.id: {example: 1}\n    handler: tests.pactfile.test_files:accept\n")
        done = subprocess.run([sys.executable, "-m", "pactspec", "run", str(contract), "--pact-dir", "pacts"],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, umask=umask,
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        folder = tmp_path / "pacts"
        for name in ("web-users.json", ".web-users.json.lock", ".web-users.json.runid"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == mode, name
        assert sorted(p.name for p in folder.iterdir()) == [".web-users.json.lock", ".web-users.json.runid",
                                                              "web-users.json"]


class TestWriteMode:
    def test_overwrite_replaces_at_the_first_write_of_a_run_and_merges_after(self, tmp_path: Path) -> None:
        """In the overwrite mode a new run's first write drops the old interactions; its later writes merge."""
        write_pact(pact(message("old")), tmp_path, run_id="yesterday")
        write_pact(pact(message("a")), tmp_path, write_mode="overwrite", run_id="today")
        path = write_pact(pact(message("b")), tmp_path, write_mode="overwrite", run_id="today")
        assert descriptions(path) == ["a", "b"]

    def test_merge_keeps_old_interactions_and_says_which(self, tmp_path: Path) -> None:
        """The default merge keeps another run's interactions, and kept_interactions names them for this run only."""
        write_pact(pact(message("old"), message("a")), tmp_path, run_id="yesterday")
        path = write_pact(pact(message("a", {"n": 2})), tmp_path, run_id="today")
        assert descriptions(path) == ["old", "a"]
        assert [i.description for i in kept_interactions(path, run_id="today")] == ["old"]
        assert kept_interactions(path, run_id="another run") == ()

    def test_a_file_changed_since_this_run_wrote_it_is_read_again(self, tmp_path: Path) -> None:
        """The ledger's "the run wrote all of it" holds only for the file it wrote: an edit since is read."""
        path = write_pact(pact(message("a")), tmp_path, run_id="today")
        assert kept_interactions(path, run_id="today") == ()
        data = json.loads(path.read_text())
        data["interactions"].append({**data["interactions"][0], "description": "added by hand"})
        path.write_text(json.dumps(data))
        assert [i.description for i in kept_interactions(path, run_id="today")] == ["added by hand"]

    def test_a_merge_counts_what_it_kept_in_the_ledger(self, tmp_path: Path) -> None:
        """The ledger records how many interactions of the written file the run did not write."""
        write_pact(pact(message("old"), message("a")), tmp_path, run_id="yesterday")
        path = write_pact(pact(message("a", {"n": 2})), tmp_path, run_id="today")
        assert json.loads((tmp_path / f".{path.name}.runid").read_text())["kept"] == 1
        path = write_pact(pact(message("old")), tmp_path, run_id="today")
        assert json.loads((tmp_path / f".{path.name}.runid").read_text())["kept"] == 0
        assert kept_interactions(path, run_id="today") == ()

    def test_an_unknown_write_mode_is_one_sentence(self, tmp_path: Path) -> None:
        """A misspelt mode is refused before anything is written, naming the two modes."""
        with pytest.raises(ConfigurationError, match="give merge .* or overwrite"):
            write_pact(pact(message("a")), tmp_path, write_mode="replace")  # type: ignore[arg-type]
        assert list(tmp_path.iterdir()) == []


class TestMerge:
    def test_same_interaction_replaces_new_ones_append(self, tmp_path: Path) -> None:
        """Rewriting an interaction replaces it in place; new interactions are appended."""
        write_pact(pact(message("a"), message("b")), tmp_path)
        path = write_pact(pact(message("b", {"n": 2}), message("c")), tmp_path)
        loaded = load_pact(path)
        assert [i.description for i in loaded.interactions] == ["a", "b", "c"]
        assert loaded.interactions[1].contents.body == {"n": 2}

    def test_provider_states_distinguish_interactions(self, tmp_path: Path) -> None:
        """The same description under another provider state is another interaction."""
        write_pact(pact(message("a", state="s1")), tmp_path)
        path = write_pact(pact(message("a", state="s2"), message("a", {"n": 5}, state="s1")), tmp_path)
        loaded = load_pact(path).interactions
        assert [(i.provider_states[0].name, i.contents.body) for i in loaded] == [("s1", {"n": 5}), ("s2", {"n": 1})]

    def test_same_key_replaces(self, tmp_path: Path) -> None:
        """With V4 keys on both sides, the key decides: same key, same interaction."""
        write_pact(pact(message("a", key="k1"), message("a", {"n": 2}, key="k2")), tmp_path)
        path = write_pact(pact(message("a", {"n": 3}, key="k2")), tmp_path)
        assert [i.contents.body for i in load_pact(path).interactions] == [{"n": 1}, {"n": 3}]

    def test_two_interactions_under_one_key(self, tmp_path: Path) -> None:
        """Different interactions with the same V4 key are an error and leave the file as it was."""
        path = write_pact(pact(message("a", key="k")), tmp_path)
        before = path.read_bytes()
        with pytest.raises(PactWriteError, match="share the V4 key 'k'"):
            write_pact(pact(message("b", key="k")), tmp_path)
        with pytest.raises(PactWriteError, match="share the V4 key"):
            write_pact(pact(message("x", key="j"), message("y", key="j")), tmp_path / "other")
        assert path.read_bytes() == before

    @pytest.mark.parametrize(("first", "second"), [("3.0.0", "4.0"), ("4.0", "3.0.0")])
    def test_version_mismatch(self, tmp_path: Path, first: str, second: str) -> None:
        """Writing a V3 pact into a V4 file, or the reverse, says so; overwrite replaces it."""
        write_pact(pact(message("a"), version=first), tmp_path)
        with pytest.raises(PactWriteError) as caught:
            write_pact(pact(message("b"), version=second), tmp_path)
        old_file = tmp_path / "web-users.json"
        assert str(caught.value) == (
            f"{old_file} is a V{first[0]} pact but web -> users is now written as V{second[0]}, and one pact file holds "
            f"one specification version; delete {old_file} to switch the pair to V{second[0]} (every interaction "
            f"is written again by the next run), or write the pair as V{first[0]} again")
        path = write_pact(pact(message("b"), version=second), tmp_path, overwrite=True)
        assert load_pact(path).spec_version == second
        assert descriptions(path) == ["b"]

    def test_corrupt_existing_file(self, tmp_path: Path) -> None:
        """A broken pact file is not silently replaced; the error says how to proceed."""
        (tmp_path / "web-users.json").write_text("{oops")
        with pytest.raises(PactWriteError, match="overwrite=True"):
            write_pact(pact(message("a")), tmp_path)
        assert descriptions(write_pact(pact(message("a")), tmp_path, overwrite=True)) == ["a"]

    def test_http_interactions_and_metadata_survive(self, tmp_path: Path) -> None:
        """Existing raw interactions and metadata entries are kept when messages merge in."""
        http = {"type": "Synchronous/HTTP", "description": "get", "request": {"method": "GET", "path": "/"},
                "response": {"status": 200}}
        (tmp_path / "web-users.json").write_text(json.dumps({
            "consumer": {"name": "web"}, "provider": {"name": "users"}, "interactions": [http],
            "metadata": {"pactSpecification": {"version": "4.0"}, "pactRust": {"ffi": "0.5.12"}}}))
        path = write_pact(pact(message("a")), tmp_path)
        data = json.loads(path.read_text())
        assert data["interactions"][0] == http
        assert data["metadata"]["pactRust"] == {"ffi": "0.5.12"}
        assert isinstance(load_pact(path).interactions[0], RawInteraction)

    def test_merge_pacts_without_files(self) -> None:
        """merge_pacts is the same merge, usable in memory."""
        merged = merge_pacts(pact(message("a")), pact(message("a", {"n": 9}), message("b")))
        assert [(i.description, i.contents.body) for i in merged.interactions] == [("a", {"n": 9}), ("b", {"n": 1})]


    def test_merging_a_thousand_is_linear(self) -> None:
        """Each interaction's identity is worked out once, not once per pair (1,000 new: 1,000 calls)."""
        from unittest import mock

        from pactspec.pactfile import _files as pactfile

        many = pact(*(message(f"m{n}", key=f"k{n}" if n % 2 else None) for n in range(1000)))
        with mock.patch.object(pactfile, "identity", wraps=pactfile.identity) as spy:
            merged = merge_pacts(pact(), many)
        assert len(merged.interactions) == 1000
        assert spy.call_count == 1000


def _scan_merge(existing: Pact, new: Pact) -> list[Any] | str:
    """The merge as a front-to-back scan (the reference the indexed merge must agree with)."""
    from pactspec.pactfile._json import identity

    merged = list(existing.interactions)
    for interaction in new.interactions:
        for index, current in enumerate(merged):
            if current.key is not None and interaction.key is not None:
                if current.key != interaction.key:
                    continue
                if identity(current) != identity(interaction):
                    return f"share the V4 key {interaction.key!r}"
                same = True
            else:
                same = identity(current) == identity(interaction)
            if same:
                merged[index] = interaction
                break
        else:
            merged.append(interaction)
    return merged


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_indexed_merge_agrees_with_the_scan(data: st.DataObject) -> None:
    """Random pacts with repeated descriptions, states and keys (and keys coming and going) merge
    exactly as comparing each new interaction with every earlier one would, errors included."""
    counter = iter(range(10**6))
    one = st.builds(
        lambda d, s, k: message(d, {"n": next(counter)}, key=k, state=s),
        st.sampled_from(["a", "b", "c"]), st.sampled_from([None, "s1", "s2"]),
        st.sampled_from([None, None, "k1", "k2", "k3"]),
    )
    existing = pact(*data.draw(st.lists(one, max_size=6)))
    new = pact(*data.draw(st.lists(one, max_size=6)))
    expected = _scan_merge(existing, new)
    if isinstance(expected, str):
        with pytest.raises(PactWriteError, match=re.escape(expected)):
            merge_pacts(existing, new)
    else:
        assert list(merge_pacts(existing, new).interactions) == expected


class TestWriting:
    def test_deterministic_text_and_no_litter(self, tmp_path: Path) -> None:
        """The file is exactly dumps_pact of the merged pact; only the hidden lock and run-id files remain beside it."""
        path = write_pact(pact(message("a")), tmp_path)
        assert path.read_text() == dumps_pact(load_pact(path))
        assert path.read_text().endswith("}\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == [".web-users.json.lock", ".web-users.json.runid",
                                                               "web-users.json"]

    def test_a_name_with_glob_characters_leaves_other_pacts_temporaries_alone(self, tmp_path: Path) -> None:
        """Cleaning a dead writer's temporaries for a[1]-users.json never touches a1-users.json's."""
        other = tmp_path / ".a1-users.json.inflight.tmp"
        other.write_text("another writer's")
        dead = tmp_path / ".a[1]-users.json.0123456789ab.tmp"  # as _temporary names them
        dead.write_text("left by a writer that died")
        path = write_pact(pact(message("a"), consumer="a[1]"), tmp_path)
        assert path.name == "a[1]-users.json"
        assert other.exists() and not dead.exists()

    def test_same_input_same_bytes(self, tmp_path: Path) -> None:
        """Writing the same pact twice gives byte-identical files."""
        first = write_pact(pact(message("a"), message("b")), tmp_path / "1").read_bytes()
        second = write_pact(pact(message("a"), message("b")), tmp_path / "2").read_bytes()
        assert first == second

    def test_unwritable_directory(self, tmp_path: Path) -> None:
        """A directory that cannot be created raises PactWriteError."""
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(PactWriteError, match="cannot create the pact directory"):
            write_pact(pact(message("a")), blocker / "sub")


def _writer(folder: str, worker: int, count: int) -> None:
    for n in range(count):
        write_pact(pact(message(f"w{worker}-m{n}", {"worker": worker, "n": n})), folder)


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """8 processes writing 25 interactions each into one pact file: all 200 end up in it."""
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 25)) for w in range(8)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    loaded = load_pact(tmp_path / "web-users.json")
    assert sorted(i.description for i in loaded.interactions) == sorted(
        f"w{w}-m{n}" for w in range(8) for n in range(25))
    for w in range(8):  # each writer's own interactions keep their order
        own = [i.description for i in loaded.interactions if i.description.startswith(f"w{w}-")]
        assert own == [f"w{w}-m{n}" for n in range(25)]


def _stalled_writer(folder: str, stall: str) -> None:
    # Runs in a child: stall at one step of the write so the parent can kill the process there.
    def hang(*args: Any, **kwargs: Any) -> None:
        Path(folder, "stalled").write_text(stall)
        time.sleep(600)

    import pactspec.pactfile._files as module

    if stall == "replace":
        module.os.replace = hang  # type: ignore[assignment]
    else:
        module.os.fsync = hang  # type: ignore[assignment]
    big = {"data": ["x" * 1000] * 2000}
    write_pact(pact(message("new", big)), folder)


@pytest.mark.parametrize("stall", ["fsync", "replace"])
def test_killed_writer_leaves_the_old_pact_intact(tmp_path: Path, stall: str) -> None:
    """A writer killed mid-write leaves the previous file whole, releases the lock, and its temp is cleaned."""
    path = write_pact(pact(message("old")), tmp_path)
    before = path.read_bytes()
    child = multiprocessing.get_context("fork").Process(target=_stalled_writer, args=(str(tmp_path), stall))
    child.start()
    deadline = time.monotonic() + 60
    while not (tmp_path / "stalled").exists():
        assert time.monotonic() < deadline and child.is_alive()
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    child.join()
    assert path.read_bytes() == before
    assert list(tmp_path.glob(".web-users.json.*.tmp"))  # the dead writer's temporary
    assert descriptions(write_pact(pact(message("after")), tmp_path)) == ["old", "after"]
    assert not list(tmp_path.glob(".web-users.json.*.tmp"))


def test_loads_pact_reexported() -> None:
    """The JSON functions are importable from pactspec.pactfile._files as the design names them."""
    assert loads_pact(dumps_pact(pact(message("a"))), source="x").interactions == (message("a"),)
