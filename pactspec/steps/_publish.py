"""Publishing a consumer run's pact files to a Pact Broker, after the run.

``behave -D publish=true -D consumer_app_version=$GIT_SHA -D branch=main`` publishes the pact files
the run wrote (``broker_url``, ``tags`` (comma-separated), ``build_url`` and ``merge`` too, from
``-D`` or ``[behave.userdata]``; else ``PACT_BROKER_BASE_URL``, ``PACT_CONSUMER_APP_VERSION``,
``PACT_CONSUMER_BRANCH``; credentials from ``PACT_BROKER_USERNAME``/``_PASSWORD``/``_TOKEN``).
Registers no steps: the consumer steps call it from their after-run hook.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pactspec.errors import ConfigurationError

__all__ = [
    "publish_after_run",
    "publish_requested",
]

_TRUE = ("1", "true", "yes", "on")


def publish_requested(userdata: Mapping[str, Any]) -> bool:
    return str(userdata.get("publish", "")).strip().lower() in _TRUE


def publish_after_run(files: list[Path], userdata: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> None:
    """Publish the pact files a consumer run wrote, with the options from userdata or the environment."""
    version = userdata.get("consumer_app_version") or environ.get("PACT_CONSUMER_APP_VERSION")
    if not version:
        raise ConfigurationError("-D publish=true needs the consumer version: give -D consumer_app_version=… "
                                 "(or consumer_app_version under [behave.userdata], or PACT_CONSUMER_APP_VERSION)")
    if not files:
        print("pactspec: -D publish=true, but this run wrote no pact files; nothing published", file=sys.__stdout__)
        return
    tags = [t.strip() for t in str(userdata.get("tags") or "").split(",") if t.strip()]
    # the Pact Broker client loads when a broker step needs it, not with the step library
    from pactspec.broker import Broker

    with Broker.from_env(userdata.get("broker_url") or None, environ=environ) as broker:
        result = broker.publish(sorted(set(files)), consumer_app_version=str(version),
                                branch=userdata.get("branch") or environ.get("PACT_CONSUMER_BRANCH") or None,
                                tags=tags, build_url=userdata.get("build_url") or None,
                                merge=str(userdata.get("merge", "")).lower() in _TRUE)
    for notice in result.notices:
        print(notice.text, file=sys.__stdout__)
