"""Amazon S3 with boto3, where an object is a message: put objects, capture the new ones under a prefix.

A capture lists the objects under the bucket and prefix when it opens (before the trigger runs);
an object that appears after that, or is written again, is captured. Nothing is deleted.

URLs (see :mod:`pactspec.transports._aws`): ``s3:///BUCKET[/PREFIX]?region=eu-west-1``,
``s3://HOST[:PORT]/BUCKET[/PREFIX]`` (HTTPS), ``s3+http://[KEY:SECRET@]HOST:PORT/BUCKET[/PREFIX]``
(moto, LocalStack; path-style addressing). ``?bucket=`` and ``?prefix=`` work too. The bucket
must exist.

Transport data ↔ Pact metadata keys:

=================  ==========================================================
Pact metadata key  S3
=================  ==========================================================
``bucket``         the bucket (captured; on publish, the target)
``key``            the object's key (on publish; without one, the prefix
                   and a fresh UUID)
``contentType``    the object's ``Content-Type``
``x-amz-meta-*``   user metadata (``x-amz-meta-source`` is ``Metadata``'s
                   ``source``)
``eTag``           the object's ETag (captured only)
=================  ==========================================================

Objects carry no other data: other metadata keys are an error on publish.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, is_content_type_key
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports._aws import aws_endpoint
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
)

__all__ = ["S3Transport"]

_USER = "x-amz-meta-"
_PAUSE = 0.2  # seconds between listings of an unchanged prefix


class S3Transport(Closing):
    """A boto3 S3 client for one endpoint."""

    carries_content_type = True

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self._aws = aws_endpoint(url, service="S3")
        self.url = self._aws.url
        path = self._aws.path
        default = Destination(bucket=path[0], prefix="/".join(path[1:]) + "/" if path[1:] else None) if path \
            else Destination()
        self.destination = (destination or Destination()).merged(default)
        self._client = self._aws.client("s3")
        if self.destination.bucket:  # before anything is published: a wrong name is bad input
            self._check(self.destination.bucket)

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        bucket = publish_target(target.bucket, message.metadata, "bucket", what="S3 bucket",
                                url="s3+http://HOST:PORT/BUCKET")
        raw, content_type = message_bytes(message)
        user: dict[str, str] = {}
        key: str | None = None
        for name, value in message.metadata.items():
            if name.lower().startswith(_USER):
                user[name[len(_USER):]] = str(value)
            elif name == "key":
                key = str(value)
            elif name not in ("bucket", "eTag") and not is_content_type_key(name):
                raise InputError(
                    f"an S3 object carries only bucket, key, contentType and x-amz-meta-* metadata, not {name!r}; "
                    f"write x-amz-meta-{name} for user metadata"
                )
        if not key:
            key = f"{target.prefix or ''}{uuid.uuid4()}"
        self._check(bucket)
        request: dict[str, Any] = {"Bucket": bucket, "Key": key, "Body": raw, "Metadata": user}
        if content_type is not None:
            request["ContentType"] = content_type
        self._aws.call(f"putting {key!r} in S3 bucket {bucket!r}", self._client.put_object, **request)
        return f"S3 bucket {bucket!r} as {key!r}"

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.bucket:
            raise InputError("say which S3 bucket to capture from (in the URL's path or as bucket=…)")
        bucket, prefix = source.bucket, source.prefix or ""
        self._check(bucket)
        seen = self._listing(bucket, prefix)

        def poll(seconds: float) -> list[Message]:
            now = self._listing(bucket, prefix)
            fresh = sorted((item for key, item in now.items() if seen.get(key, {}).get("ETag") != item["ETag"]),
                           key=lambda item: (item["LastModified"], item["Key"]))
            found = []
            for item in fresh:
                seen[item["Key"]] = item
                found.append(self._get(bucket, item["Key"]))
            if not found:
                time.sleep(min(seconds, _PAUSE))
            return found

        under = f" under {prefix!r}" if prefix else ""
        return PollingCapture(f"S3 bucket {bucket!r}{under} at {self._aws.where}", poll, lambda: None, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def _check(self, bucket: str) -> None:
        self._aws.check_once(f"bucket {bucket!r}", self._client.head_bucket, Bucket=bucket)

    def _listing(self, bucket: str, prefix: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        request: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix}
        while True:
            answer = self._aws.call(f"listing S3 bucket {bucket!r}", self._client.list_objects_v2, **request)
            found.update({item["Key"]: item for item in answer.get("Contents", [])})
            if not answer.get("IsTruncated"):
                return found
            request["ContinuationToken"] = answer["NextContinuationToken"]

    def _get(self, bucket: str, key: str) -> Message:
        answer = self._aws.call(f"reading {key!r} from S3 bucket {bucket!r}", self._client.get_object,
                                Bucket=bucket, Key=key)
        raw = answer["Body"].read()
        content_type = answer.get("ContentType")
        metadata: dict[str, Any] = {f"{_USER}{name}": value for name, value in (answer.get("Metadata") or {}).items()}
        metadata.update(bucket=bucket, key=key, eTag=str(answer.get("ETag", "")).strip('"'))
        if content_type:
            metadata[CONTENT_TYPE_KEY] = content_type
        return received_message(raw, content_type, metadata)

