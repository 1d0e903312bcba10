"""The package's shape: no import cycles, a small top level, short modules (issue #10's layout)."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

import pactspec

PACKAGE = Path(pactspec.__file__).parent
MAX_TOP_LEVEL_MODULES = 12
MAX_LINES = 450

# Every import cycle fails; none is allowed.
KNOWN_CYCLES: set[frozenset[str]] = set()
# No module is allowed over MAX_LINES.
KNOWN_LONG: set[str] = set()


def import_cycles(package: str) -> list[list[str]]:
    """Groups of modules of ``package`` that import each other, directly or not (strongly connected).

    Every import counts: function-local ones and those under ``if TYPE_CHECKING:`` too, so a cycle
    cannot be hidden by moving an import into a function.
    """
    graph = grimp.build_graph(package, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    # Tarjan's algorithm, iterative (a package's import chains can be deeper than Python's recursion limit)
    for root in sorted(graph.modules):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph.find_modules_directly_imported_by(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, todo = work[-1]
            if todo:
                target = todo.pop()
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, sorted(graph.find_modules_directly_imported_by(target))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


class TestImportCycles:
    def test_pactspec_has_no_import_cycle(self) -> None:
        """No two pactspec modules import each other, even through others or inside a function."""
        cycles = [cycle for cycle in import_cycles("pactspec") if frozenset(cycle) not in KNOWN_CYCLES]
        assert cycles == [], f"import cycles: {cycles}"

    def test_the_check_finds_a_cycle_hidden_in_a_function(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A package whose modules import each other (one of them inside a function) is caught."""
        package = tmp_path / "cyclic_layout_probe"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "a.py").write_text("from cyclic_layout_probe import b\n")
        (package / "b.py").write_text("def late():\n    from cyclic_layout_probe import a\n    return a\n")
        (package / "c.py").write_text("from cyclic_layout_probe import a\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        assert import_cycles("cyclic_layout_probe") == [["cyclic_layout_probe.a", "cyclic_layout_probe.b"]]
        (package / "b.py").write_text("def late():\n    return None\n")
        assert import_cycles("cyclic_layout_probe") == []


class TestSize:
    def test_few_modules_sit_directly_in_the_package(self) -> None:
        """At most 12 modules in pactspec/ itself; everything else lives in a subpackage."""
        top = sorted(path.name for path in PACKAGE.glob("*.py"))
        assert len(top) <= MAX_TOP_LEVEL_MODULES, top

    def test_no_module_is_over_450_lines(self) -> None:
        """Each module holds one idea, a few hundred lines at most."""
        long = {
            path.relative_to(PACKAGE.parent).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in PACKAGE.rglob("*.py")
        }
        over = {name: lines for name, lines in long.items() if lines > MAX_LINES and name not in KNOWN_LONG}
        assert over == {}
