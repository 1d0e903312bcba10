"""YAML read safely, with the line of every key, for contracts whose errors name the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactspec.cli import main
from pactspec.consumer._yaml_lines import (
    LineMapping,
    LineSequence,
    describe_kind,
    load_yaml,
    plain,
)
from pactspec.errors import ContractSyntaxError


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path)


def test_keys_and_items_remember_their_lines(tmp_path: Path) -> None:
    """Each mapping knows the line of each key; each sequence the line of each item."""
    data = load(tmp_path, "a: 1\nb:\n  - x\n  - y\n")
    assert isinstance(data, LineMapping) and data.lines == {"a": 1, "b": 2}
    assert isinstance(data["b"], LineSequence) and data["b"].lines == [3, 4]


def test_dates_and_yes_no_stay_text_and_plain_drops_the_lines(tmp_path: Path) -> None:
    """2020-01-01 and no are text, as in a Gherkin cell; true is a boolean; plain() gives plain JSON values."""
    data = load(tmp_path, "d: 2020-01-01\nn: no\nt: true\nl: [1, {a: 2}]\n")
    assert plain(data) == {"d": "2020-01-01", "n": "no", "t": True, "l": [1, {"a": 2}]}
    assert type(plain(data)) is dict and type(plain(data)["l"]) is list


@pytest.mark.parametrize(("text", "value"), [
    ("12:30:00", "12:30:00"),  # YAML 1.1 base 60 would give 45000
    ("1_000", "1_000"),        # YAML 1.1 would give 1000
    ("0b101", "0b101"),
    ("017", "017"),            # YAML 1.1 octal; a leading zero keeps the digits as text
    ("0123", "0123"),
    ("0x1F", 31),              # YAML 1.2 core hexadecimal
    ("0o17", 15),              # YAML 1.2 core octal
    ("-5", -5), ("0", 0), ("12", 12),
    ("1.5", 1.5), ("1e3", 1000.0), ("-1.5e-3", -0.0015), (".5", 0.5),
])
def test_numbers_are_read_as_yaml_1_2_core_reads_them(tmp_path: Path, text: str, value: object) -> None:
    """Only what YAML 1.2's core schema calls a number is one; sexagesimal and 1_000 stay text."""
    result = plain(load(tmp_path, f"v: {text}\n"))
    assert result == {"v": value}
    assert type(result["v"]) is type(value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: 1\na: 2\n", "c.yaml:2: the key 'a' appears twice (first at line 1); keep one"),
        ("a:\n\tb: 1\n", "c.yaml:2: this line is indented with a tab; YAML indents with spaces only"),
        ("a: [1\n", "this is not valid YAML"),
        ("a: !!python/object:os.system x\n", "c.yaml:1: YAML tags that build Python objects are not allowed"),
    ],
)
def test_bad_yaml_is_one_sentence_with_file_and_line(tmp_path: Path, text: str, says: str) -> None:
    """Duplicates, tabs, syntax errors and unsafe tags are refused with the file (and line)."""
    with pytest.raises(ContractSyntaxError) as caught:
        load(tmp_path, text)
    assert says in str(caught.value).replace(str(tmp_path) + "/", "")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [("yes", "the text 'yes'"), ("", "empty text"), (True, "true (a boolean)"), (12, "12 (a number)"),
     ([1], "a list"), ({"a": 1}, "a mapping"), (None, "nothing")],
)
def test_describe_kind_names_a_value_as_yaml_shows_it(value: object, words: str) -> None:
    """Errors say what was found in YAML's own terms."""
    assert describe_kind(value) == words


def test_a_yaml_or_file_error_keeps_its_cause_for_a_developer(tmp_path: Path) -> None:
    """The one-sentence message stays; the parser's or the OS's own error is chained under it."""
    import yaml

    with pytest.raises(ContractSyntaxError) as bad:
        load(tmp_path, "a: [1, 2\n")
    assert isinstance(bad.value.__cause__, yaml.YAMLError)
    with pytest.raises(ContractSyntaxError, match="cannot read the contract") as missing:
        load_yaml(tmp_path / "missing.yaml")
    assert isinstance(missing.value.__cause__, OSError)


def test_a_tag_that_builds_a_python_object_is_refused_as_such_by_pactspec_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`pactspec run` names the tag and says tags that build Python objects are not allowed (exit 2, nothing run)."""
    marker = tmp_path / "ran"
    path = tmp_path / "c.yaml"
    path.write_text("consumer: a\nprovider: b\nmessages:\n  - description: m\n    content:\n"
                    f"      $.a: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    assert main(["run", str(path), "--pact-dir", str(tmp_path / "pacts")]) == 2
    out = capsys.readouterr().out
    assert (f"{path}:6: YAML tags that build Python objects are not allowed (this line has the tag "
            "!!python/object/apply:os.system); a contract holds plain values: remove the tag, or quote the value "
            "if it is text") in out
    assert "indentation" not in out and not marker.exists()


def test_any_other_tag_is_refused_without_the_indentation_advice(tmp_path: Path) -> None:
    """A custom tag is not an indentation problem either."""
    with pytest.raises(ContractSyntaxError, match=r"c.yaml:2: YAML tags are not allowed \(this line has the tag !money\)"):
        load(tmp_path, "a: 1\nb: !money 12\n")
