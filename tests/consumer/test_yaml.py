"""YAML consumer contracts: loading with line numbers, errors with file:line, `pactspec run`,
and the same pact JSON as the equivalent Gherkin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pactspec.cli import main
from pactspec.consumer._yaml import YamlContract, load_contract_file, load_contracts
from pactspec.errors import ContractSyntaxError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


HEADER = """
consumer: user-service
provider: user-events
messages:
"""


class TestLoading:
    def test_the_example_contracts_load(self) -> None:
        """contracts/users.yaml gives four messages with states, metadata rows, content rows and handlers."""
        loaded = list(load_contract_file(REPO / "contracts" / "users.yaml"))
        assert all(isinstance(item, YamlContract) for item in loaded)
        first = loaded[0]
        assert isinstance(first, YamlContract)
        assert first.builder.description == "a user event"
        assert first.builder.states[0].params == {"id": 127}
        assert [r.path for r in first.builder.message.rows] == ["$.datetime", "$.name", "$.lastName", "$.id"]
        assert first.builder.message.rows[0].example == "2020-01-01"
        assert first.builder.message.rows[0].source.line == 13
        assert first.handler == "users.consumer:handle_user"
        assert first.source.line == 5

    def test_dates_and_yes_no_stay_text(self, tmp_path: Path) -> None:
        """2020-01-01, no and on are text as in a Gherkin table; true is a boolean."""
        path = write(tmp_path, HEADER + """
          - description: m
            content:
              $.a: 2020-01-01
              $.b: no
              $.c: on
              $.d: true
            handler: x:y
        """)
        [item] = load_contract_file(path)
        assert isinstance(item, YamlContract)
        assert [r.example for r in item.builder.message.rows] == ["2020-01-01", "no", "on", True]

    def test_a_bad_message_does_not_hide_the_others(self, tmp_path: Path) -> None:
        """One message written wrongly yields its error; the next message still loads."""
        path = write(tmp_path, HEADER + """
          - description: bad
            handlr: x:y
          - description: good
            handler: x:y
        """)
        first, second = load_contract_file(path)
        assert isinstance(first, ContractSyntaxError)
        assert isinstance(second, YamlContract)

    @pytest.mark.parametrize(
        ("body", "says"),
        [
            ("  - description: m\n    handlr: x:y\n", "c.yaml:5: unknown key 'handlr' in a message; did you mean 'handler'?"),
            ("  - description: m\n    handler: x:y\n    handler: z:w\n", "c.yaml:6: the key 'handler' appears twice"),
            ("  - description: m\n", "has no handler; add handler: module:function"),
            ("  - description: m\n    content:\n      $.id: {example: 1, matchr: integer}\n    handler: x:y\n",
             "c.yaml:6: $.id: unknown key 'matchr'"),
            ("  - description: m\n    given: [{state: s, params: 3}]\n    handler: x:y\n", "c.yaml:5: params must be a mapping of parameter names to values, not 3 (a number)"),
            ("  - description: m\n    content: {a: [}\n", "c.yaml:5: this is not valid YAML"),
            ("  - description: m\n\thandler: x:y\n", ("c.yaml:5: this line is indented with a tab; YAML indents "
                                                    "with spaces only, so replace the tab with spaces")),
            ("  - description: 12\n    handler: x:y\n", ("c.yaml:4: description must be text, not 12 (a number); "
                                                        "write description: followed by text")),
            ("  - description: m\n    handler: [a, b]\n", "c.yaml:5: handler must be text, not a list"),
            ("  - description: m\n    pending: 'yes'\n    handler: x:y\n",
             "c.yaml:5: pending must be true or false, not the text 'yes'"),
            ("  - description: m\n    given: 12\n    handler: x:y\n",
             "c.yaml:5: given must be a list of provider states, not 12 (a number); write e.g. given:"),
            ("  - description: m\n    content: [1]\n    handler: x:y\n",
             "c.yaml:5: content must be a mapping of JSONPaths to examples, not a list; write e.g. content:"),
            ("  - description: m\n    metadata: [1]\n    handler: x:y\n",
             "c.yaml:5: metadata must be a mapping of keys to values, not a list"),
            ("  - description: m\n    content:\n      $.id: {example: 1, matcher: 12}\n    handler: x:y\n",
             "c.yaml:6: matcher must be words such as 'integer' or 'regex [0-9]+', not 12 (a number)"),
            ("  - description: m\n    content:\n      $.id: {example: null, matcher: null}\n    handler: x:y\n",
             ("c.yaml:6: matcher has no value (YAML reads null, ~ and nothing as empty); for the null matcher "
              "write matcher: 'null' (quoted); leave matcher out when there is none")),
            ("  - description: m\n    comments: {a: 1}\n    handler: x:y\n",
             "c.yaml:5: comments must be a list of text lines, not a mapping"),
            ("  - description: m\n    asyncapi: onUserSignedUp\n    handler: x:y\n",
             ("c.yaml:5: asyncapi must be a mapping with just the operation's id, not the text 'onUserSignedUp'; "
             "write asyncapi: {operationId: onUserSignedUp}")),
            ("  - description: m\n    asyncapi: {operationId: a, channel: b}\n    handler: x:y\n",
             "c.yaml:5: asyncapi must be a mapping with just the operation's id"),
            ("  - description: m\n    body: 12\n    handler: x:y\n",
             "c.yaml:5: body must be a document written as text, not 12 (a number)"),
        ],
    )
    def test_errors_carry_file_and_line(self, tmp_path: Path, body: str, says: str) -> None:
        """Each mistake is one sentence naming the file and the line to fix."""
        path = write(tmp_path, HEADER)
        path.write_text(path.read_text() + body)
        errors = [item for item in load_contracts([path]) if isinstance(item, ContractSyntaxError)]
        assert errors, "expected an error"
        assert says in str(errors[0]).replace(str(tmp_path) + "/", "")

    def test_a_binary_file_body(self, tmp_path: Path) -> None:
        """file: reads the body relative to the YAML file; file matcher: puts a rule at $."""
        (tmp_path / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
        path = write(tmp_path, HEADER + """
          - description: a picture
            file: cat.png
            file matcher: content type image/png
            handler: x:y
        """)
        [item] = load_contract_file(path)
        assert isinstance(item, YamlContract)
        contents = item.builder.build().contents  # type: ignore[union-attr]
        assert contents.content_type == "image/png"
        assert contents.matching_rules["body"]["$"]["matchers"][0]["match"] == "contentType"

    def test_file_level_errors(self, tmp_path: Path) -> None:
        """A missing provider or an unknown pact version fails the file with its line."""
        path = write(tmp_path, "consumer: a\nmessages: []\n")
        [error] = load_contracts([path])
        assert "'provider' is missing" in str(error)
        path = write(tmp_path, "consumer: a\nprovider: b\npact: v2\nmessages: [{description: m}]\n", "d.yaml")
        [error] = load_contracts([path])
        assert isinstance(error, ContractSyntaxError) and error.line == 3 and "pact: v3 or pact: v4" in str(error)

    def test_an_asyncapi_operation_is_written_to_the_comments(self, tmp_path: Path) -> None:
        """asyncapi: {operationId: …} is the Gherkin step's comments.references.AsyncAPI.operationId."""
        path = write(tmp_path, HEADER + "  - description: m\n    content: {$.id: 1}\n"
                     "    asyncapi: {operationId: onUserSignedUp}\n    handler: x:y\n")
        (contract,) = load_contracts([path])
        assert contract.builder.build().comments["references"] == {"AsyncAPI": {"operationId": "onUserSignedUp"}}

    def test_v4_only_things_in_a_v3_file_say_to_write_pact_v4(self, tmp_path: Path) -> None:
        """A key or a request/response under pact: v3 names the YAML way to switch (not a Gherkin tag)."""
        path = write(tmp_path, "consumer: a\nprovider: b\npact: v3\nmessages:\n"
                     "  - description: m\n    key: k1\n    handler: x:y\n"
                     "  - description: s\n    request: {content: {$.id: 1}}\n    responses: [{content: {$.ok: true}}]\n"
                     "    handler: x:y\n")
        key_error, sync_error = load_contracts([path])
        assert str(key_error) == (f"{path}:6: an interaction key exists only in Pact V4; write pact: v4 at the top "
                                  "of the file (or leave pact: out)")
        assert str(sync_error) == (f"{path}:8: synchronous request/response messages exist only in Pact V4; write "
                                   "pact: v4 at the top of the file (or leave pact: out)")

    @pytest.mark.parametrize(("responses", "says"), [
        ("", "the request message has no responses; add responses: next to request:"),
        ("    responses: []\n", "'responses' is an empty list; give at least one response message"),
        ("    responses: {content: {$.ok: true}}\n", "'responses' is a mapping, not a list;"),
    ])
    def test_missing_empty_and_wrong_responses_are_told_apart(self, tmp_path: Path, responses: str,
                                                              says: str) -> None:
        """A request without responses:, with responses: [] and with a mapping each get their own sentence."""
        path = write(tmp_path, "consumer: a\nprovider: b\nmessages:\n"
                     "  - description: s\n    request: {content: {$.id: 1}}\n" + responses + "    handler: x:y\n")
        [error] = load_contracts([path])
        assert isinstance(error, ContractSyntaxError) and says in str(error), str(error)

    def test_an_empty_file_says_what_to_write(self, tmp_path: Path) -> None:
        """An empty contract file is one error naming the file and the keys it needs."""
        [error] = load_contracts([write(tmp_path, "")])
        assert str(error) == f"{tmp_path / 'c.yaml'}:1: the contract file is empty; write consumer:, provider: and messages: in it"

    @pytest.mark.parametrize(
        ("cell", "says"),
        [
            ("{example: 1, matcher: intger}", "$.id: unknown matcher 'intger'"),
            ('{example: 1, matcher: "regex [0-9"}', "$.id: regex /[0-9/ has an unclosed character class"),
            ('{example: 1, generator: "regex ("}', "$.id: regex /(/ is not a valid regular expression"),
        ],
    )
    def test_matcher_and_generator_errors_point_at_the_path_line(self, tmp_path: Path, cell: str, says: str) -> None:
        """A wrong matcher word or a regex that cannot compile fails at the path's line when the message is built."""
        path = write(tmp_path, HEADER + f"""
          - description: m
            content:
              $.id: {cell}
            handler: x:y
        """)
        [item] = load_contract_file(path)
        assert isinstance(item, YamlContract)
        with pytest.raises(ContractSyntaxError) as caught:
            item.builder.build()
        assert str(caught.value).startswith(f"{path}:7: {says}")

    def test_paths_are_jsonpath_as_users_write_it(self, tmp_path: Path) -> None:
        """YAML path keys are read as JSONPath (quoted names too); a path Pact cannot express fails at its line."""
        path = write(tmp_path, HEADER + """
          - description: m
            content:
              "$['first name']": {example: Billy, matcher: type}
              $.items[*].qty: {example: 2, matcher: integer}
            handler: x:y
          - description: n
            content:
              $.items[?(@.qty > 1)]: {example: 2, matcher: integer}
            handler: x:y
        """)
        good, bad = load_contract_file(path)
        assert isinstance(good, YamlContract) and isinstance(bad, YamlContract)
        contents = good.builder.build().contents  # type: ignore[union-attr]
        assert contents.body == {"first name": "Billy", "items": [{"qty": 2}]}
        assert set(contents.matching_rules["body"]) == {"$['first name']", "$.items[*].qty"}
        with pytest.raises(ContractSyntaxError) as caught:
            bad.builder.build()
        assert str(caught.value).startswith(f"{path}:12: ")
        assert "uses a filter ([?(...)]), which Pact paths cannot express" in str(caught.value)


class TestRunCommand:
    def test_runs_the_example_and_writes_pacts(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec run contracts/ --path features/app` passes every message and writes two pact files."""
        code = main(["run", str(REPO / "contracts"), "--path", str(REPO / "features" / "app"),
                     "--pact-dir", str(tmp_path)])
        out = capsys.readouterr().out
        assert code == 0, out
        assert "8 passed, 0 failed, 0 with errors" in out
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".json") == [
            "shipping-service-order-service.json", "user-service-user-events.json"]

    def test_a_rejecting_handler_fails_with_exit_1_and_writes_nothing(self, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
        """A handler that raises fails its message (exit 1) and no pact is written for it."""
        path = write(tmp_path, HEADER + """
          - description: m
            content:
              $.id: {example: -1, matcher: integer}
            handler: users.consumer:handle_user
        """)
        pacts = tmp_path / "pacts"
        code = main(["run", str(path), "--path", str(REPO / "features" / "app"), "--pact-dir", str(pacts)])
        out = capsys.readouterr().out
        assert code == 1
        assert "FAILED" in out and "invalid user id -1" in out
        assert not pacts.exists()

    def test_bad_input_exits_2(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract written wrongly makes the run exit 2 with the file:line sentence."""
        path = write(tmp_path, HEADER + "  - description: m\n    handler: nowhere:handle\n")
        assert main(["run", str(path), "--pact-dir", str(tmp_path / "p")]) == 2
        assert "cannot import module 'nowhere'" in capsys.readouterr().out
        assert main(["run", str(tmp_path / "missing")]) == 2

    @pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
    def test_an_example_json_cannot_hold_is_refused_at_its_message_and_the_others_are_written(
            self, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
        """.inf/.nan are refused at the message (file:line, exit 2); the good messages still reach the pact."""
        path = write(tmp_path, HEADER + f"""
          - description: good
            content:
              $.id: {{example: 1, matcher: integer}}
            handler: tests.consumer.test_builder:accept
          - description: not json
            content:
              $.f: {{example: {value}}}
            handler: tests.consumer.test_builder:accept
        """)
        pacts = tmp_path / "pacts"
        assert main(["run", str(path), "--pact-dir", str(pacts)]) == 2
        out = capsys.readouterr().out
        assert f"ERROR  {path}:11: $.f: the example " in out
        assert "cannot be written to a pact (JSON has no infinity or NaN)" in out
        assert f"ok     {path}:5  good" in out and "not json" not in out
        [interaction] = json.loads((pacts / "user-service-user-events.json").read_text())["interactions"]
        assert interaction["description"] == "good"

    def test_a_folder_without_contracts_exits_2_with_one_sentence(self, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
        """An empty folder (or one without *.yaml) is a mistake, not "0 passed"."""
        (tmp_path / "notes.txt").write_text("")
        assert main(["run", str(tmp_path), "--pact-dir", str(tmp_path / "p")]) == 2
        captured = capsys.readouterr()
        assert f"no contract files (*.yaml, *.yml) in {tmp_path}" in captured.err
        assert "0 passed" not in captured.out

    def test_a_pact_dir_that_is_a_file_exits_2_before_running(self, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
        """--pact-dir under a file is refused up front with what to give instead; no handler runs."""
        (tmp_path / "a-file").write_text("")
        path = write(tmp_path, HEADER + "  - description: m\n    handler: nowhere:handle\n")
        assert main(["run", str(path), "--pact-dir", str(tmp_path / "a-file" / "pacts")]) == 2
        captured = capsys.readouterr()
        assert f"{tmp_path / 'a-file'} is a file, not a folder; give a folder for the pact files" in captured.err
        assert "nowhere" not in captured.out

    def test_same_pact_json_as_the_gherkin(self, tmp_path: Path) -> None:
        """The example contracts/ and features/ give equal pact files (apart from where they were written)."""
        yaml_dir, gherkin_dir = tmp_path / "yaml", tmp_path / "gherkin"
        assert main(["run", str(REPO / "contracts"), "--path", str(REPO / "features" / "app"),
                     "--pact-dir", str(yaml_dir)]) == 0
        env = {**os.environ, "PYTHONPATH": str(REPO)}  # features/environment.py adds features/app
        done = subprocess.run(
            [sys.executable, "-m", "behave", "--no-capture", "--format", "null", "--tags", "not @provider",
             "-D", f"pact_dir={gherkin_dir}", "features/users.feature", "features/orders.feature"],
            check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        for name in ("shipping-service-order-service.json", "user-service-user-events.json"):
            assert _without_sources(gherkin_dir / name) == _without_sources(yaml_dir / name)


def _without_sources(path: Path) -> dict:
    data = json.loads(path.read_text())
    for interaction in data["interactions"]:
        interaction.pop("comments", None)  # file:line and test name differ by construction
    data["interactions"].sort(key=lambda i: i["description"])
    return data


class TestArrayEntries:
    def test_an_each_like_entry_without_an_example_takes_its_element_from_the_entries_under_it(
            self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec run` writes the array of objects that `$.items: {matcher: each like}` and field entries describe."""
        (tmp_path / "orders_handler.py").write_text("def handle(message):\n    assert message.body['items'][0]['qty'] == 2\n")
        path = write(tmp_path, """
            consumer: shop
            provider: orders
            messages:
              - description: an order
                content:
                  $.items: {matcher: each like min 1}
                  $.items[*].sku: {example: A-1, matcher: type}
                  $.items[*].qty: {example: 2, matcher: integer}
                  $.tags: {matcher: each like}
                  $.tags[*]: {example: a, matcher: type}
                handler: orders_handler:handle
            """)
        pacts = tmp_path / "pacts"
        code = main(["run", str(path), "--path", str(tmp_path), "--pact-dir", str(pacts)])
        assert code == 0, capsys.readouterr().out
        [interaction] = json.loads((pacts / "shop-orders.json").read_text())["interactions"]
        assert interaction["contents"]["content"] == {"items": [{"sku": "A-1", "qty": 2}], "tags": ["a"]}
        rules = interaction["matchingRules"]["body"]
        assert rules["$.items"] == {"combine": "AND", "matchers": [{"match": "type", "min": 1}]}
        assert set(rules) == {"$.items", "$.items[*].sku", "$.items[*].qty", "$.tags", "$.tags[*]"}

    def test_a_contradicting_entry_is_one_error_at_its_line(self, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
        """An entry under [*] that disagrees with the array entry's example exits 2 naming both lines."""
        path = write(tmp_path, HEADER + """
          - description: m
            content:
              $.items: {example: {sku: A-1}, matcher: each like}
              $.items[*].sku: {example: B-2, matcher: type}
            handler: users.consumer:handle_user
        """)
        assert main(["run", str(path), "--pact-dir", str(tmp_path / "p")]) == 2
        assert "c.yaml:8: $.items[*].sku: the example of $.items (line 7) already gives $.items[*].sku as " \
               '"A-1", but this row gives "B-2"' in capsys.readouterr().out


def test_pyyaml_loads_with_the_yaml_front_end_only() -> None:
    """The step library starts without PyYAML; ``pactspec.consumer.load_contracts`` brings it, and an
    unknown name of the package is still an AttributeError."""
    code = ("import sys, pactspec.steps, pactspec.consumer as c; before = 'yaml' in sys.modules; "
            "loaded = c.load_contracts; "
            "print(before, 'yaml' in sys.modules, loaded.__module__, hasattr(c, 'load_contractz'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "pactspec.consumer._yaml", "False"]
