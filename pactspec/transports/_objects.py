"""The object store behind a Lambda S3 event: the example is put in S3, where the event points."""

from __future__ import annotations

from collections.abc import Mapping

from pactspec.consumer import ObjectStore
from pactspec.errors import ConfigurationError
from pactspec.model import Message
from pactspec.transports._base import Destination
from pactspec.transports._registry import open_transport

__all__ = ["s3_object_store"]


def s3_object_store(url: str) -> ObjectStore:
    """``put(bucket, key, body, content type, user metadata)`` into the S3 endpoint at ``url``."""
    if not url.lower().startswith(("s3://", "s3+http://")):
        raise ConfigurationError(
            f"a Lambda S3 event's object is put in S3, and the transport is {url.split('://', 1)[0]}://; "
            'write Given the transport at "s3+http://HOST:PORT" (or s3:///…?region=…)'
        )

    def put(bucket: str, key: str, body: bytes, content_type: str | None, user: Mapping[str, str]) -> None:
        metadata = {"key": key, **{f"x-amz-meta-{name}": value for name, value in user.items()}}
        with open_transport(url) as transport:
            transport.publish(Message(body=body, metadata=metadata, content_type=content_type, raw=body),
                              Destination(bucket=bucket))

    return put
