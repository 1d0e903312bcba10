"""YAML contracts (``contracts/*.yaml``) as the source of their interactions, as Gherkin scenarios are.

Each message entry of a contract file becomes a :class:`~pactspec.docs._model.ScenarioDoc` whose
``file:line`` is the line of its ``- description:``, the one ``pactspec run`` records in the pact's
``comments`` (``source: contracts/users.yaml:5``), and whose text is the entry as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from pactspec.docs._features import FeatureIndex, shown_path
from pactspec.docs._model import ScenarioDoc
from pactspec.errors import ContractSyntaxError, InputError

__all__ = ["load_contract_sources"]

_SUFFIXES = (".yaml", ".yml")


def load_contract_sources(paths: Sequence[str | Path]) -> FeatureIndex:
    """Index the message entries of YAML contract files and folders (their ``*.yaml``/``*.yml``, recursively)."""
    index = FeatureIndex()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
            for path in files:
                _index_file(index, path, path.relative_to(root).parts)
        elif root.is_file():
            _index_file(index, root, (root.name,))
        else:
            raise InputError(f"{given}: no such file or folder; give --contracts the folder of your YAML contracts "
                             "(the one `pactspec run` reads)")
    return index


def _index_file(index: FeatureIndex, path: Path, parts: tuple[str, ...]) -> None:
    try:
        text = path.read_text(encoding="utf-8-sig")
        # compose builds nodes with their lines and never constructs Python objects, whatever the tags say
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read this contract file ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContractSyntaxError(
            f"this YAML cannot be parsed ({getattr(exc, 'problem', None) or exc}); fix it or move the file out of "
            "the --contracts folder", filename=str(path), line=mark.line + 1 if mark else None) from exc
    if not isinstance(root, yaml.MappingNode):
        return  # not a contract file (an empty file, a list): nothing of it can be an interaction's source
    top = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    consumer, provider, messages = (top.get(name) for name in ("consumer", "provider", "messages"))
    pair = None
    if isinstance(consumer, yaml.ScalarNode) and isinstance(provider, yaml.ScalarNode):
        pair = (str(consumer.value), str(provider.value))
    if not isinstance(messages, yaml.SequenceNode):
        return
    lines = text.splitlines()
    shown = shown_path(path)
    for entry in messages.value:
        if not isinstance(entry, yaml.MappingNode):
            continue
        fields = {key.value: value for key, value in entry.value if isinstance(key, yaml.ScalarNode)}
        described = fields.get("description")
        description = str(described.value) if isinstance(described, yaml.ScalarNode) else ""
        line = entry.start_mark.line + 1
        doc = ScenarioDoc(file=shown, line=line, feature=f"{pair[0]} → {pair[1]}" if pair else "",
                          name=description, text=_entry_text(lines, entry), language="yaml")
        index.add(doc, parts, (description,) if description else (), pair)


def _entry_text(lines: list[str], entry: yaml.MappingNode) -> str:
    """The entry as written: from its ``- description:`` line to its last line, comments after it left out."""
    start, end = entry.start_mark.line, entry.end_mark.line
    block = lines[start:end]
    if end < len(lines) and lines[end][:entry.end_mark.column].strip():
        block.append(lines[end][:entry.end_mark.column])  # the entry ends inside this line (a flow mapping)
    while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
        block.pop()
    if block:
        # the entry's first key follows "- " (block style): cut every line at the dash's column
        indent = entry.start_mark.column
        dash = block[0].rfind("-", 0, indent)
        cut = dash if dash >= 0 and not block[0][dash + 1:indent].strip() else indent
        block = [block[0][cut:], *(b[cut:] if not b[:cut].strip() else b.lstrip() for b in block[1:])]
    return "\n".join(block)
