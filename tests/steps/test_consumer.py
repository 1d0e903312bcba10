"""The consumer step library as a user runs it: behave in a subprocess on a small project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HANDLERS = '''
from pactspec import Message

SEEN = []

def accept(message: Message) -> None:
    assert isinstance(message, Message)
    SEEN.append(message)

def handle_user(message: Message) -> None:
    if message.body["id"] < 0:
        raise ValueError(f"invalid user id {message.body['id']}")

def shipped(message: Message) -> None:
    if message.body.findtext("tracking") != "1Z9":
        raise ValueError("no tracking number")

def stock(request: Message, responses: list) -> None:
    assert request.body["sku"] == "AB-1"
    assert responses[0].body["available"] is True
'''

BACKGROUND = '''
  Background:
    Given "user-service" consumes messages from "user-events"
'''

USER_EXAMPLE = '''
  Scenario: a user event
    Given the provider state "User with id 127 exists" with:
      | id  |
      | 127 |
    When the message "a user event" is received
    And the message metadata is:
      | key          | value            | matcher              |
      | Content-Type | application/json |                      |
      | topic        | users.v1         | regex users\\.v[0-9]+ |
    Then the content matches:
      | path       | example    | matcher        |
      | $.datetime | 2020-01-01 | regex [0-9\\-]+ |
      | $.name     | Billy      | type           |
      | $.lastName | Sampson    | type           |
      | $.id       | 12         | integer        |
    And it is handled by "handlers:handle_user"
'''


def project(tmp_path: Path, features: dict[str, str], *, setup_cfg: str | None = None,
            environment: str | None = None) -> Path:
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (tmp_path / "handlers.py").write_text(HANDLERS)
    for name, text in features.items():
        (tmp_path / "features" / name).write_text(textwrap.dedent(text).lstrip())
    if setup_cfg:
        (tmp_path / "setup.cfg").write_text(textwrap.dedent(setup_cfg))
    if environment:
        (tmp_path / "features" / "environment.py").write_text(textwrap.dedent(environment))
    return tmp_path


REPO = Path(__file__).resolve().parents[2]


def behave(folder: Path, *args: str, run_id: str | None = None) -> subprocess.CompletedProcess[str]:
    # pactspec from this checkout, whether or not it is installed in the interpreter running the tests
    env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
    env.pop("PACTSPEC_RUN_ID", None)  # each call is its own run unless the test says otherwise
    if run_id is not None:
        env["PACTSPEC_RUN_ID"] = run_id
    return subprocess.run([sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "--no-color",
                           "--no-timings", *args, "features"], check=False, cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)


def pact(folder: Path, name: str = "user-service-user-events.json") -> dict:
    return json.loads((folder / name).read_text())


def test_the_issue_example_writes_the_pact(tmp_path: Path) -> None:
    """The issue's scenario passes and writes pacts/user-service-user-events.json with its source line."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    [interaction] = pact(folder / "pacts")["interactions"]
    assert interaction["description"] == "a user event"
    assert interaction["contents"]["content"] == {"datetime": "2020-01-01", "name": "Billy", "lastName": "Sampson",
                                                  "id": 12}
    assert interaction["providerStates"] == [{"name": "User with id 127 exists", "params": {"id": 127}}]
    assert interaction["comments"] == {"testname": "User events: a user event",
                                       "text": ["source: features/users.feature:6"]}
    assert pact(folder / "pacts")["metadata"]["pactSpecification"]["version"] == "4.0"


def test_pact_dir_from_userdata_and_setup_cfg(tmp_path: Path) -> None:
    """-D pact_dir wins over [behave.userdata] pact_dir in setup.cfg, which wins over pacts/."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE},
                     setup_cfg="[behave.userdata]\npact_dir = from-config\n")
    assert behave(folder).returncode == 0
    assert (folder / "from-config" / "user-service-user-events.json").is_file()
    assert behave(folder, "-D", "pact_dir=from-cli").returncode == 0
    assert (folder / "from-cli" / "user-service-user-events.json").is_file()
    assert not (folder / "pacts").exists()


BAD_SCENARIOS = {
    "unknown matcher": ("| $.id | 12 | intger |", "row 1 ($.id): unknown matcher 'intger'; did you mean 'integer'?"),
    "not a JSONPath": ("| id | 12 | integer |", "row 1 (id): matching-rule path 'id' does not start with '$'"),
    "example breaks its matcher": ('| $.id | "abc" | integer |', "the example breaks its own matcher at $.id"),
}


def test_bad_input_fails_only_that_scenario_with_one_sentence(tmp_path: Path) -> None:
    """Each mistake fails its own scenario with file:line, row and a hint; good scenarios still write."""
    scenarios = "".join(f'''
  Scenario: {name}
    When the message "{name}" is received
    Then the content matches:
      | path | example | matcher |
      {row_text}
    And it is handled by "handlers:accept"
''' for name, (row_text, _) in BAD_SCENARIOS.items())
    scenarios += '''
  Scenario: malformed table
    When the message "malformed" is received
    Then the content matches:
      | path | sample |
      | $.id | 1      |
    And it is handled by "handlers:accept"

  Scenario: a heading without rows
    When the message "no rows" is received
    Then the content matches:
      | path | example |
    And it is handled by "handlers:accept"

  Scenario: handler that does not import
    When the message "no handler" is received
    Then the content matches:
      | path | example |
      | $.id | 1       |
    And it is handled by "nowhere.at.all:handle"
'''
    folder = project(tmp_path, {"bad.feature": "Feature: Bad input\n" + BACKGROUND + USER_EXAMPLE + scenarios})
    done = behave(folder)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    assert "1 scenario passed, 6 failed" in output
    for _, says in BAD_SCENARIOS.values():
        assert says in output
    assert "the content table has a column 'sample'" in output
    assert "cannot import module 'nowhere.at.all'" in output
    assert "the content table has a heading row but no rows; add a row for each path" in output
    assert "features/bad.feature:" in output
    [written] = pact(folder / "pacts")["interactions"]
    assert written["description"] == "a user event"


def test_rejection_scenarios(tmp_path: Path) -> None:
    """A raising handler fails its scenario and writes nothing; 'rejects it with' passes only on that text."""
    def scenario(name: str, user_id: int, then: str = "") -> str:
        return f'''
  Scenario: {name}
    When the message "{name}" is received
    Then the content matches:
      | path | example | matcher |
      | $.id | {user_id} | integer |
    And it is handled by "handlers:handle_user"
    {then}
'''
    text = "Feature: Rejections\n" + BACKGROUND + "".join([
        scenario("rejected as expected", -1, 'Then the handler rejects it with "invalid user id -1"'),
        scenario("rejected with other words", -1, 'Then the handler rejects it with "too small"'),
        scenario("accepted but expected to be rejected", 5, 'Then the handler rejects it with "invalid"'),
        scenario("rejected unexpectedly", -2),
    ])
    folder = project(tmp_path, {"r.feature": text})
    done = behave(folder)
    output = done.stdout + done.stderr
    assert "1 scenario passed, 3 failed" in output, output
    assert 'which does not contain "too small"' in output
    assert "accepted" in output
    assert "ValueError: invalid user id -2 (raised at" in output and "handlers.py:" in output
    assert not (folder / "pacts").exists()


def test_the_expected_rejection_is_found_by_the_step_behave_runs_not_by_its_words(tmp_path: Path) -> None:
    """A project step whose words start like "the handler rejects it with" is no rejection; a real one
    is found after other steps and under any keyword. A rejection writes nothing, an accepted message does."""
    def scenario(name: str, user_id: int, *then: str) -> str:
        steps = "".join(f"    {line}\n" for line in then)
        return (f"\n  Scenario: {name}\n    When the message \"{name}\" is received\n"
                "    Then the content matches:\n      | path | example | matcher |\n"
                f"      | $.id | {user_id} | integer |\n    And it is handled by \"handlers:handle_user\"\n{steps}")
    text = "Feature: Rejections\n" + BACKGROUND + "".join([
        scenario("accepted, with a look-alike project step", 5, "And the handler rejects it without complaint"),
        scenario("rejected after another step", -1, "And the handler rejects it without complaint",
                 'But the handler rejects it with "invalid user id -1"'),
    ])
    folder = project(tmp_path, {"r.feature": text})
    (folder / "features" / "steps" / "project_steps.py").write_text(
        "from behave import step\n\n"
        "@step('the handler rejects it without complaint')\n"
        "def no_complaint(context):\n"
        "    pass\n")
    done = behave(folder)
    output = done.stdout + done.stderr
    assert "2 scenarios passed, 0 failed" in output, output
    [written] = pact(folder / "pacts")["interactions"]
    assert written["description"] == "accepted, with a look-alike project step"


def test_v3_tag_sync_messages_and_v4_fields(tmp_path: Path) -> None:
    """@pact:v3 writes a V3 pact; V4 features get sync messages, key, pending, comments, XML docstrings."""
    v3 = '''
@pact:v3
Feature: Audit
  Background:
    Given "audit-log" consumes messages from "user-events"

  Scenario: a user event for the audit log
    Given the provider state "User with id 127 exists"
    When the message "a user event" is received
    Then the content is:
      """
      {"id": {{ integer(127) }}, "name": {{ string("Billy") }}}
      """
    And it is handled by "handlers:accept"
'''
    v4 = '''
Feature: Orders
  Background:
    Given "shipping-service" consumes messages from "order-service"

  Scenario: a stock check
    Given the provider state "AB-1 is in stock" with:
      | sku    | quantity |
      | "AB-1" | 7        |
    When the request message "a stock check" is sent
    And the content matches:
      | path  | example |
      | $.sku | AB-1    |
    And the interaction key is "stock-check"
    And the interaction is pending
    And the interaction comment is "asked before every shipment"
    And the message is the AsyncAPI operation "checkStock"
    Then the response message matches:
      | path        | example | matcher | generator                  |
      | $.available | true    | boolean |                            |
      | $.quantity  | 7       | integer | provider state ${quantity} |
    And it is handled by "handlers:stock"

  Scenario: a shipment
    When the message "an order shipped event" is received
    Then the content of type "application/xml" is:
      """
      <shipment><tracking>{{ regex("1Z9", "1Z[0-9]+") }}</tracking></shipment>
      """
    And it is handled by "handlers:shipped"
'''
    folder = project(tmp_path, {"audit.feature": v3, "orders.feature": v4})
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    audit = pact(folder / "pacts", "audit-log-user-events.json")
    assert audit["metadata"]["pactSpecification"]["version"] == "3.0.0"
    assert audit["messages"][0]["contents"] == {"id": 127, "name": "Billy"}
    orders = pact(folder / "pacts", "shipping-service-order-service.json")
    by_description = {i["description"]: i for i in orders["interactions"]}
    sync = by_description["a stock check"]
    assert sync["type"] == "Synchronous/Messages"
    assert sync["key"] == "stock-check" and sync["pending"] is True
    assert sync["comments"]["text"] == ["source: features/orders.feature:5", "asked before every shipment"]
    assert sync["comments"]["references"] == {"AsyncAPI": {"operationId": "checkStock"}}
    assert sync["response"][0]["contents"]["content"] == {"available": True, "quantity": 7}
    assert sync["providerStates"][0]["params"] == {"sku": "AB-1", "quantity": 7}
    xml = by_description["an order shipped event"]
    assert xml["contents"]["contentType"] == "application/xml"
    assert "$.shipment.tracking['#text']" in xml["matchingRules"]["body"]


def test_features_merge_into_one_file_and_user_hooks_still_run(tmp_path: Path) -> None:
    """Two feature files for one pair end in one pact; the project's own after_all still runs."""
    second = USER_EXAMPLE.replace("a user event", "another user event")
    environment = '''
    from pathlib import Path

    def after_all(context):
        Path("after_all_ran").write_text("yes")
    '''
    folder = project(tmp_path, {"a.feature": "Feature: A\n" + BACKGROUND + USER_EXAMPLE,
                                "b.feature": "Feature: B\n" + BACKGROUND + second}, environment=environment)
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    descriptions = sorted(i["description"] for i in pact(folder / "pacts")["interactions"])
    assert descriptions == ["a user event", "another user event"]
    assert (folder / "after_all_ran").read_text() == "yes"


def test_a_renamed_scenario_is_kept_by_merge_said_once_and_dropped_by_overwrite(tmp_path: Path) -> None:
    """Merge (the default) keeps a renamed scenario's old interaction and says so after the run; overwrite drops it."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})
    assert behave(folder).returncode == 0
    renamed = USER_EXAMPLE.replace("a user event", "a user was created")
    (folder / "features" / "users.feature").write_text("Feature: User events\n" + BACKGROUND + renamed)
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["a user event", "a user was created"]
    path = (folder / "pacts" / "user-service-user-events.json").resolve()
    notice = (f"pactspec: {path} keeps 1 interaction that no scenario in this run wrote ('a user event'), from "
              "earlier runs or renamed scenarios; to drop them, run with -D pact_write_mode=overwrite")
    assert done.stderr.splitlines().count(notice) == 1
    done = behave(folder, "-D", "pact_write_mode=overwrite")
    assert done.returncode == 0, done.stdout + done.stderr
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["a user was created"]
    assert "keeps" not in done.stderr


def test_overwrite_from_userdata_replaces_at_the_first_feature_and_merges_the_next(tmp_path: Path) -> None:
    """[behave.userdata] pact_write_mode = overwrite: the run's first write replaces the file, the second merges."""
    second = USER_EXAMPLE.replace("a user event", "another user event")
    folder = project(tmp_path, {"a.feature": "Feature: A\n" + BACKGROUND + USER_EXAMPLE,
                                "b.feature": "Feature: B\n" + BACKGROUND + second},
                     setup_cfg="[behave.userdata]\npact_write_mode = overwrite\n")
    (folder / "pacts").mkdir()
    old = {"consumer": {"name": "user-service"}, "provider": {"name": "user-events"}, "interactions": [
        {"type": "Asynchronous/Messages", "description": "from last week", "contents": {"content": {}}}],
        "metadata": {"pactSpecification": {"version": "4.0"}}}
    (folder / "pacts" / "user-service-user-events.json").write_text(json.dumps(old))
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    descriptions = [i["description"] for i in pact(folder / "pacts")["interactions"]]
    assert descriptions == ["a user event", "another user event"]


def test_parallel_behave_processes_sharing_a_run_id_replace_once(tmp_path: Path) -> None:
    """Two behave processes at once with one PACTSPEC_RUN_ID in overwrite mode: one replaces, the other merges."""
    second = USER_EXAMPLE.replace("a user event", "another user event")
    folder = project(tmp_path, {"a.feature": "Feature: A\n" + BACKGROUND + USER_EXAMPLE.replace("a user event",
                                                                                              "an old event"),
                                "b.feature": "Feature: B\n" + BACKGROUND + second})
    assert behave(folder).returncode == 0
    (folder / "features" / "a.feature").write_text("Feature: A\n" + BACKGROUND + USER_EXAMPLE)
    with ThreadPoolExecutor(2) as pool:
        first, later = pool.map(lambda name: behave(folder, "-D", "pact_write_mode=overwrite", "-i", name,
                                                    run_id="job-7"), ["a.feature", "b.feature"])
    assert first.returncode == later.returncode == 0, first.stderr + later.stderr
    assert sorted(i["description"] for i in pact(folder / "pacts")["interactions"]) == ["a user event",
                                                                                      "another user event"]
    assert "keeps" not in first.stderr + later.stderr
    done = behave(folder, "-D", "pact_write_mode=overwrite", "-i", "b.feature", run_id="job-8")
    assert done.returncode == 0
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["another user event"]


def test_an_unknown_write_mode_fails_with_one_sentence(tmp_path: Path) -> None:
    """-D pact_write_mode=replace fails the scenario naming the option and the two modes; nothing is written."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})
    done = behave(folder, "-D", "pact_write_mode=replace")
    assert done.returncode == 1
    assert ("-D pact_write_mode is 'replace'; give merge (keep what other runs wrote, the default) or overwrite "
            "(the first write of a run replaces the pact file)") in done.stdout
    assert not (folder / "pacts").exists()
    assert "Traceback" not in done.stdout + done.stderr


def test_a_consumer_named_like_a_path_gets_a_visible_file_and_a_notice(tmp_path: Path) -> None:
    """Given "../../etc" consumes messages from "passwd" writes pacts/etc-passwd.json and says so once."""
    background = BACKGROUND.replace('"user-service" consumes messages from "user-events"',
                                    '"../../etc" consumes messages from "passwd"')
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + background + USER_EXAMPLE})
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (folder / "pacts").iterdir() if p.suffix == ".json") == ["etc-passwd.json"]
    path = (folder / "pacts" / "etc-passwd.json").resolve()
    assert done.stderr.splitlines().count(f"pactspec: the pact '../../etc' -> 'passwd' is written to {path}: the "
                                          "names are changed to make a visible file name inside the pact folder") == 1


@pytest.mark.parametrize("late_step", [
    "And the message metadata is:\n      | key   | value |\n      | topic | x     |",
    "And the interaction is pending",
    'And the interaction comment is "late"',
    'And the interaction key is "late-key"',
    'And the provider state "late state"',
    'And it is handled by "handlers:accept"',
])
def test_steps_after_the_handler_are_refused_and_nothing_is_written(tmp_path: Path, late_step: str) -> None:
    """A contract step after 'it is handled by' would not be in the pact: it fails saying where to move it,
    and the scenario, failed, writes no interaction (the other scenario's still is)."""
    text = f'''Feature: Order of steps
{BACKGROUND}
  Scenario: late step
    When the message "late" is received
    And it is handled by "handlers:accept"
    {late_step}

  Scenario: in order
    When the message "in order" is received
    And it is handled by "handlers:accept"
'''
    folder = project(tmp_path, {"late.feature": text})
    done = behave(folder)
    assert done.returncode == 1
    assert 'comes after "it is handled by"; move it before that step' in done.stdout
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["in order"]


def test_a_scenario_failing_after_its_handler_accepted_writes_no_interaction(tmp_path: Path) -> None:
    """The pact holds only passing scenarios: a project step failing after the handler takes the interaction back."""
    text = f'''Feature: Later failures
{BACKGROUND}
  Scenario: fails later
    When the message "fails later" is received
    And it is handled by "handlers:accept"
    Then the read model is updated

  Scenario: passes
    When the message "passes" is received
    And it is handled by "handlers:accept"
'''
    folder = project(tmp_path, {"later.feature": text})
    (folder / "features" / "steps" / "project_steps.py").write_text(
        "from behave import then\n\n@then('the read model is updated')\ndef updated(context):\n"
        "    raise AssertionError('the read model is stale')\n")
    done = behave(folder)
    assert done.returncode == 1
    assert "the read model is stale" in done.stdout
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["passes"]


# One row per matcher word, as the README shows them; each example satisfies its own matcher.
EVERY_WORD = r"""
      | path              | example                              | matcher                            | generator                      |
      | $.name            | Billy                                | type                               |                                |
      | $.tags            | ["a", "b"]                           | type min 1 max 5                   |                                |
      | $.codes           | ["x"]                                | min 1                              |                                |
      | $.notes           | []                                   | max 3                              |                                |
      | $.day             | 2020-01-01                           | regex [0-9\-]+                     |                                |
      | $.id              | 12                                   | integer                            | random int 1 100               |
      | $.price           | 9.99                                 | decimal                            | random decimal 4               |
      | $.amount          | 10                                   | number                             |                                |
      | $.active          | true                                 | boolean                            | random boolean                 |
      | $.nick            | "007"                                | string                             | random string 8                |
      | $.born            | 2020-01-01                           | date yyyy-MM-dd                    | date yyyy-MM-dd                |
      | $.opens           | 09:30                                | time HH:mm                         | time HH:mm                     |
      | $.at              | 2020-01-01T10:00:00                  | datetime yyyy-MM-dd'T'HH:mm:ss     | datetime yyyy-MM-dd'T'HH:mm:ss |
      | $.ref             | 6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10 | uuid                               | uuid                           |
      | $.email           | billy@example.com                    | include @example.com               |                                |
      | $.deleted         | null                                 | null                               |                                |
      | $.currency        | EUR                                  | equality                           |                                |
      | $.stock           | {"AB-1": 3}                          | values                             |                                |
      | $.comment         | fine                                 | not empty                          |                                |
      | $.version         | 1.2.0                                | semver                             |                                |
      | $.items           | {"sku": "AB-1"}                      | each like min 1                    |                                |
      | $.items[*].sku    | AB-1                                 | regex [A-Z]{2}-[0-9]+              | regex [A-Z]{2}-[0-9]{3}        |
      | $.prices          | {"EUR": 1}                           | each key regex [A-Z]{3}            |                                |
      | $.counts          | {"a": 1}                             | each value integer                 |                                |
      | $.roles           | ["admin", "user"]                    | array contains                     |                                |
      | $.hex             | "00ff"                               | regex [0-9a-f]+                    | random hex 4                   |
      | $.owner           | 127                                  | integer                            | provider state ${id}           |
"""


def test_every_matcher_word_of_the_readme_works_end_to_end(tmp_path: Path) -> None:
    """The README's table of matcher and generator words builds, checks and writes without an error."""
    text = f'''Feature: Every word
{BACKGROUND}
  Scenario: every word
    Given the provider state "a user" with:
      | id  |
      | 127 |
    When the message "every word" is received
    Then the content matches:
{EVERY_WORD}
    And it is handled by "handlers:accept"

  Scenario: a picture
    When the message "a picture" is received
    Then the content is the file "cat.png" matching "content type image/png"
    And it is handled by "handlers:accept"
'''
    folder = project(tmp_path, {"every.feature": text})
    (folder / "features" / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    interactions = {i["description"]: i for i in pact(folder / "pacts")["interactions"]}
    rules = interactions["every word"]["matchingRules"]["body"]
    assert len(rules) == 27
    assert interactions["a picture"]["contents"]["contentType"] == "image/png"


def test_scenario_outlines_write_one_interaction_per_example_and_name_the_examples_row(tmp_path: Path) -> None:
    """Each Examples row is its own interaction; a bad value names the template line and the Examples row."""
    text = f'''Feature: Outline
{BACKGROUND}
  Scenario Outline: event <kind>
    When the message "event <kind>" is received
    Then the content matches:
      | path   | example | matcher   |
      | $.kind | <kind>  | <matcher> |
    And it is handled by "handlers:accept"

    Examples:
      | kind  | matcher |
      | one   | type    |
      | 2     | integer |
      | three | intger  |
'''
    folder = project(tmp_path, {"o.feature": text})
    done = behave(folder)
    assert done.returncode == 1
    assert "features/o.feature:10: row 1 ($.kind), Examples row at line 17: unknown matcher 'intger'" in done.stdout
    assert sorted(i["description"] for i in pact(folder / "pacts")["interactions"]) == ["event 2", "event one"]


def test_table_paths_are_jsonpath_as_users_write_it(tmp_path: Path) -> None:
    """Quoted names, [*] and .[0] are read as JSONPath and written as canonical Pact paths; a path Pact
    cannot express fails its scenario with one sentence naming the row and what to write instead."""
    feature = "Feature: Paths\n" + BACKGROUND + '''
  Scenario: jsonpath as users write it
    When the message "paths" is received
    Then the content matches:
      | path              | example | matcher |
      | $["first name"]   | "Billy" | type    |
      | $.items.[0].sku   | "A-1"   | regex [A-Z]-[0-9] |
      | $.items[*].qty    | 2       | integer |
    And it is handled by "handlers:accept"

  Scenario: recursive descent
    When the message "descent" is received
    Then the content matches:
      | path   | example | matcher |
      | $..sku | "A-1"   | type    |
    And it is handled by "handlers:accept"
'''
    folder = project(tmp_path, {"paths.feature": feature})
    done = behave(folder)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "1 scenario passed, 1 failed" in output
    assert "row 1 ($..sku): matching-rule path '$..sku' uses recursive descent ('..')" in output
    [written] = pact(folder / "pacts")["interactions"]
    assert written["contents"]["content"] == {"first name": "Billy", "items": [{"sku": "A-1", "qty": 2}]}
    assert set(written["matchingRules"]["body"]) == {"$['first name']", "$.items[0].sku", "$.items[*].qty"}


MORE_BAD_INPUT = {
    "no heading row": ('''
    Then the content matches:
      | $.id | 12 |
    And it is handled by "handlers:accept"''',
                       ("features/more.feature:8: the content table has no heading row (its first row is | $.id | 12 |); "
                       "put the heading row | path | example | matcher | generator | above the rows")),
    "a misspelled column": ('''
    Then the content matches:
      | path | exmaple | matcher |
      | $.id | 12      | integer |
    And it is handled by "handlers:accept"''',
                            ("the content table has a column 'exmaple' that pactspec does not read; did you mean "
                            "'example'? (the columns are path and example, optionally matcher and generator)")),
    "an extra column": ('''
    Then the content matches:
      | path | example | note |
      | $.id | 12      | hi   |
    And it is handled by "handlers:accept"''',
                        "the content table has a column 'note' that pactspec does not read; remove it"),
    "a regex that cannot compile": ('''
    Then the content matches:
      | path | example | matcher    |
      | $.id | 12      | regex [0-9 |
    And it is handled by "handlers:accept"''',
                                    "row 1 ($.id): regex /[0-9/ has an unclosed character class; close it with ]"),
    "a handler module that fails to import": ('''
    Then the content matches:
      | path | example |
      | $.id | 12      |
    And it is handled by "broken:handle"''',
                                              ("importing module 'broken' failed: No module named "
                                              "'not_installed_anywhere' (raised at broken.py:1 in <module>); fix "
                                              'that module so that python -c "import broken" works')),
    "a provider state parameter without a name": ('''
    And the provider state "s" with:
      | id | |
      | 1  | 2 |
    Then it is handled by "handlers:accept"''',
                                                  ('the parameter in column 2 of "s" has no name; write its name in '
                                                  "the heading row above its value")),
    "a provider state parameter given twice": ('''
    And the provider state "s" with:
      | id | id |
      | 1  | 2  |
    Then it is handled by "handlers:accept"''',
                                               'the parameter "id" of "s" is given twice; keep one column for it'),
    "an as type the example does not fit": ('''
    Then the content matches:
      | path  | example |
      | $.zzz | 12      |
    And it is handled by "handlers:accept" as "handlers:Point"''',
                                            ("the example cannot be converted to handlers:Point: $.zzz is not a "
                                             "field of Point (its fields are 'x'); make the example fit "
                                             'handlers:Point, or remove as "handlers:Point"')),
}


def test_more_bad_input_is_one_located_sentence_and_fails_only_its_scenario(tmp_path: Path) -> None:
    """Tables without headings, misspelled or extra columns, bad regexes, broken imports and 'as' mismatches."""
    scenarios = "".join(f'''
  Scenario: {name}
    When the message "{name}" is received{steps}
''' for name, (steps, _) in MORE_BAD_INPUT.items())
    folder = project(tmp_path, {"more.feature": "Feature: More bad input\n" + BACKGROUND + scenarios + USER_EXAMPLE})
    (folder / "broken.py").write_text("import not_installed_anywhere\n")
    with (folder / "handlers.py").open("a") as handlers:
        handlers.write("\nimport dataclasses\n\n@dataclasses.dataclass\nclass Point:\n    x: int\n")
    done = behave(folder)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    assert f"1 scenario passed, {len(MORE_BAD_INPUT)} failed" in output
    for _, says in MORE_BAD_INPUT.values():
        assert says in output
    [written] = pact(folder / "pacts")["interactions"]
    assert written["description"] == "a user event"


def test_a_misspelt_step_is_undefined_with_the_step_it_meant(tmp_path: Path) -> None:
    """behave reports the typo as undefined; pactspec adds which of its steps was meant, with file and line."""
    typo = USER_EXAMPLE.replace('When the message "a user event" is received', 'When the mesage "a user event" is received')
    folder = project(tmp_path, {"typo.feature": "Feature: Typos\n" + BACKGROUND + typo})
    done = behave(folder)
    assert done.returncode == 1
    assert ("features/typo.feature:10: no step matches 'When the mesage \"a user event\" is received'; "
            "did you mean 'When the message \"a user event\" is received'?") in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_pact_dir_that_cannot_be_written_is_one_sentence_per_feature(tmp_path: Path) -> None:
    """The writer's failure names the folder and where to set another one, once, without a traceback."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})
    (folder / "a-file").write_text("")
    done = behave(folder, "-D", "pact_dir=a-file/pacts")
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert output.count("writing the pact files failed: ") == 1
    assert ("a-file/pacts (Not a directory); give -D pact_dir=… (or pact_dir under [behave.userdata]) a folder "
            "you can write to") in output
    assert "Traceback" not in output


def test_a_message_never_handed_to_a_handler_fails_its_scenario_with_one_sentence(tmp_path: Path) -> None:
    """A scenario that builds a message but has no 'it is handled by' step fails instead of passing silently."""
    unhandled = '''
  Scenario: forgot the handler
    When the message "no handler" is received
    Then the content matches:
      | path | example | matcher |
      | $.id | 1       | integer |
'''
    folder = project(tmp_path, {"h.feature": "Feature: Handlers\n" + BACKGROUND + unhandled + USER_EXAMPLE})
    done = behave(folder)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert ('features/h.feature:7: the message "no handler" is never handed to a handler, so nothing is checked '
            'and no pact is written; add And it is handled by "module:function"') in output
    assert "Traceback" not in output
    [written] = pact(folder / "pacts")["interactions"]
    assert written["description"] == "a user event"


# (shorter step, longer step that extends it): the shorter one must not match the longer phrase
OVERLAPPING_STEPS = [
    ("handled_by", 'it is handled by "handlers:accept" as "handlers:Event"'),
    ("content_file", 'the content is the file "users.json" matching "type"'),
    ("provider_state", 'the provider state "User 127 exists" with:'),
    ("captured_from_exchange", 'the messages are captured from the RabbitMQ exchange "users" with routing key "u.#"'),
]


@pytest.mark.parametrize(("function", "longer"), OVERLAPPING_STEPS)
def test_a_shorter_step_never_swallows_a_longer_one(function: str, longer: str) -> None:
    """Each step is matched by its own pattern, whatever order behave registered them in."""
    from behave.step_registry import registry

    import pactspec.steps  # noqa: F401  (registers the steps)

    # one matcher per definition: a consumer step is registered under every keyword
    matchers = list({(m.func, m.pattern): m for kind in registry.steps.values() for m in kind}.values())
    [shorter] = [m for m in matchers if m.func.__name__ == function and m.func.__module__.startswith("pactspec.")]
    assert shorter.match(longer) is None, f"{shorter.pattern!r} matches {longer!r}"
    assert shorter.parser.parse(longer) is None
    [owner] = [m for m in matchers if m.func.__module__.startswith("pactspec.") and m.match(longer)]
    assert owner.func.__name__ != function


def test_a_provider_state_name_may_contain_quotes(tmp_path: Path) -> None:
    """State names are free text, as in pact files: `user "Billy" exists` is one state name."""
    scenario = USER_EXAMPLE.replace('Given the provider state "User with id 127 exists" with:',
                                    'Given the provider state "user "Billy" exists" with:')
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + scenario})
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    [interaction] = pact(folder / "pacts")["interactions"]
    assert interaction["providerStates"] == [{"name": 'user "Billy" exists', "params": {"id": 127}}]


@pytest.mark.parametrize("step", ['And the interaction key is ""', 'And it is handled by "handlers:handle_user" as ""'])
def test_an_empty_quoted_value_is_not_a_step(tmp_path: Path, step: str) -> None:
    """`""` is never a key or a type: behave reports the step as undefined and nothing is written."""
    scenario = USER_EXAMPLE.replace('    And it is handled by "handlers:handle_user"\n', f"    {step}\n")
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + scenario})
    done = behave(folder)
    assert done.returncode != 0
    assert "undefined" in (done.stdout + done.stderr).lower()
    assert not (folder / "pacts" / "user-service-user-events.json").exists()


ARRAY_ROWS = '''
  Scenario: an order
    When the message "an order" is received
    And the content matches:
      | path                     | example | matcher         |
      | $.items                  |         | each like min 1 |
      | $.items[*].sku           | A-1     | type            |
      | $.items[*].qty           | 2       | integer         |
      | $.orders                 |         | each like       |
      | $.orders[*].lines        |         | each like       |
      | $.orders[*].lines[*].sku | B-2     | type            |
      | $.tags                   |         | each like       |
      | $.tags[*]                | a       | type            |
    And it is handled by "handlers:accept"
'''


def test_table_rows_describe_arrays_of_objects_at_any_depth(tmp_path: Path) -> None:
    """A row for the array and a row per element field write the array of objects and pact-python's rules."""
    folder = project(tmp_path, {"orders.feature": "Feature: Orders\n" + BACKGROUND + ARRAY_ROWS})
    done = behave(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    [interaction] = pact(folder / "pacts")["interactions"]
    assert interaction["contents"]["content"] == {"items": [{"sku": "A-1", "qty": 2}],
                                                  "orders": [{"lines": [{"sku": "B-2"}]}], "tags": ["a"]}
    rules = {path: rule["matchers"] for path, rule in interaction["matchingRules"]["body"].items()}
    assert rules == {
        "$.items": [{"match": "type", "min": 1}], "$.items[*].sku": [{"match": "type"}],
        "$.items[*].qty": [{"match": "integer"}], "$.orders": [{"match": "type", "min": 1}],
        "$.orders[*].lines": [{"match": "type", "min": 1}], "$.orders[*].lines[*].sku": [{"match": "type"}],
        "$.tags": [{"match": "type", "min": 1}], "$.tags[*]": [{"match": "type"}],
    }


def test_switching_a_pair_from_v3_to_v4_names_the_old_file_to_delete(tmp_path: Path) -> None:
    """A V4 run meeting last run's V3 file says which file to delete and why, not overwrite=True or another folder."""
    folder = project(tmp_path, {"users.feature": "@pact:v3\nFeature: User events\n" + BACKGROUND + USER_EXAMPLE})
    assert behave(folder).returncode == 0
    feature = folder / "features" / "users.feature"
    feature.write_text(feature.read_text().replace("@pact:v3\n", "@pact:v4\n"))
    done = behave(folder)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    old_file = folder / "pacts" / "user-service-user-events.json"
    assert (f"{old_file} is a V3 pact but user-service -> user-events is now written as V4, and one pact file holds "
            f"one specification version; delete {old_file} to switch the pair to V4") in output
    assert "overwrite=True" not in output and "a folder you can write to" not in output
    assert "Traceback" not in output


def test_an_unquoted_handler_and_an_empty_consumer_get_the_step_they_meant(tmp_path: Path) -> None:
    """`it is handled by app:h` without quotes and `Given "" consumes …` are answered like other typos."""
    unquoted = USER_EXAMPLE.replace('And it is handled by "handlers:handle_user"', "And it is handled by handlers:handle_user")
    empty = BACKGROUND.replace('Given "user-service" consumes', 'Given "" consumes')
    # the empty consumer is the run's very first step: the hint must not wait for a pactspec step to run
    folder = project(tmp_path, {"a.feature": "Feature: A\n" + empty + USER_EXAMPLE,
                                "b.feature": "Feature: B\n" + BACKGROUND + unquoted})
    done = behave(folder)
    assert done.returncode == 1
    assert ("features/b.feature:21: no step matches 'And it is handled by handlers:handle_user'; "
            "did you mean 'And it is handled by \"handlers:handle_user\"'?") in done.stderr
    assert ("features/a.feature:4: no step matches 'Given \"\" consumes messages from \"user-events\"'; "
            "did you mean 'Given \"<consumer>\" consumes messages from \"user-events\"'?") in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


STUCK_HANDLERS = '''
import threading

def stuck(message):
    threading.Event().wait()  # never returns
'''

STUCK_FEATURE = '''
Feature: a handler that never returns
  Background:
    Given "user-service" consumes messages from "user-events"

  Scenario: the stuck one
    When the message "a stuck event" is received
    Then the content matches:
      | path | example | matcher |
      | $.id | 1       | integer |
    And it is handled by "stuck_handlers:stuck"

  Scenario: the next one
    When the message "a user event" is received
    Then the content matches:
      | path | example | matcher |
      | $.id | 1       | integer |
    And it is handled by "handlers:accept"
'''


def test_a_handler_that_never_returns_fails_its_scenario_at_the_timeout(tmp_path: Path) -> None:
    """-D timeout=0.5: the stuck handler's scenario fails with one sentence, the next passes and is written."""
    folder = project(tmp_path, {"stuck.feature": STUCK_FEATURE})
    (folder / "stuck_handlers.py").write_text(STUCK_HANDLERS)
    done = behave(folder, "-D", "timeout=0.5")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "1 scenario passed, 1 failed" in output, output
    [failure] = [line for line in output.splitlines() if line.startswith("ASSERT FAILED: ")]
    assert failure.startswith('ASSERT FAILED: the handler stuck_handlers:stuck for "a stuck event" '
                              '(features/stuck.feature:5), stuck (')
    assert "did not return within 0.5 s" in failure
    assert "Traceback" not in output
    assert [i["description"] for i in pact(folder / "pacts")["interactions"]] == ["a user event"]
    assert "pactspec: still running as the process exits (it timed out earlier): the handler stuck_handlers:stuck" in done.stderr


def test_a_timeout_that_is_no_number_fails_the_step(tmp_path: Path) -> None:
    """-D timeout=soon is one failed step naming the setting."""
    folder = project(tmp_path, {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})
    done = behave(folder, "-D", "timeout=soon")
    assert done.returncode == 1
    assert ("ASSERT FAILED: -D timeout=soon is not a number of seconds; give a positive number such as 60, or 0 "
            "for no limit") in done.stdout + done.stderr


def test_the_consumer_steps_are_tried_first_under_every_keyword() -> None:
    """behave tries a keyword's definitions in registration order: the contract steps come before the others."""
    from behave.step_registry import registry

    import pactspec.steps  # noqa: F401  (registers the steps)

    for keyword in ("given", "when", "then", "step"):
        modules = [m.func.__module__ for m in registry.steps[keyword] if m.func.__module__.startswith("pactspec.")]
        first_other = next(i for i, name in enumerate(modules) if name != "pactspec.steps._consumer")
        assert set(modules[:first_other]) == {"pactspec.steps._consumer"}, keyword
        assert "pactspec.steps._consumer" not in modules[first_other:], keyword
