"""What the AWS adapters (SQS, Kinesis, SNS, S3) share: their URL form, the boto3 client, errors in one sentence.

URLs: ``SCHEME:///PATH?region=eu-west-1`` is AWS itself (credentials from the usual boto3 chain);
``SCHEME://HOST[:PORT]/PATH`` another HTTPS endpoint; ``SCHEME+http://[KEY:SECRET@]HOST:PORT/PATH``
a local endpoint over plain HTTP (moto, LocalStack), where the region defaults to ``us-east-1``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import boto3
import botocore.config
import botocore.exceptions

from pactspec.content import CONTENT_TYPE_KEY, is_content_type_key
from pactspec.errors import ConfigurationError, InputError, TransportError, TransportUnreachable
from pactspec.transports._base import redact_url, unreachable

__all__ = [
    "AWSEndpoint",
    "as_written",
    "aws_endpoint",
    "body_bytes",
    "message_attributes",
    "missing",
    "text_body",
    "typed_attribute",
    "typed_value",
]

_MISSING_CODES = {"ResourceNotFoundException", "NotFound", "NotFoundException", "NoSuchBucket", "404",
                  "NoSuchKey", "NonExistentQueue", "AWS.SimpleQueueService.NonExistentQueue",
                  "QueueDoesNotExist"}


def as_written(url: str) -> str:
    """``kinesis:///s`` as the user wrote it: URL splitting drops the empty host's ``//``."""
    scheme, colon, rest = url.partition(":")
    if colon and not rest.startswith("//"):
        return f"{scheme}://{rest}"
    return url


@dataclass(slots=True)
class AWSEndpoint:
    """One AWS service at one endpoint: its boto3 client and the words for its errors."""

    service: str  # "Kinesis", "SNS", "S3": the name in messages
    url: str
    path: list[str]  # the URL's path segments, unquoted
    where: str  # "http://127.0.0.1:4566" or "AWS Kinesis in eu-west-1"
    region: str
    client_options: dict[str, Any] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)  # what check_once found: a name found stays found

    def client(self, name: str, **extra: Any) -> Any:
        return boto3.client(name, region_name=self.region, **self.client_options, **extra)

    def call(self, doing: str, method: Callable[..., Any], **request: Any) -> Any:
        """``method(**request)``; a refusal is a :class:`TransportError` that says what was being done."""
        try:
            return method(**request)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            raise self.error(doing, exc) from exc

    def check(self, what: str, method: Callable[..., Any], **request: Any) -> Any:
        """Look ``what`` up before anything is published: a missing one is a :class:`ConfigurationError`."""
        try:
            return method(**request)
        except botocore.exceptions.ClientError as exc:
            if missing(exc):
                raise ConfigurationError(
                    f"there is no {self.service} {what} at {self.where}; create it first "
                    "(pactspec never creates them) or fix the name"
                ) from exc
            raise self.error(f"looking up {self.service} {what}", exc) from exc
        except botocore.exceptions.BotoCoreError as exc:
            raise self.error(f"looking up {self.service} {what}", exc) from exc

    def check_once(self, what: str, method: Callable[..., Any], **request: Any) -> None:
        """:meth:`check` ``what`` the first time it is asked about; after that it is known to exist."""
        if what not in self.checked:
            self.check(what, method, **request)
            self.checked.add(what)

    def error(self, doing: str, exc: Exception) -> Exception:
        if isinstance(exc, botocore.exceptions.NoCredentialsError):
            return ConfigurationError(
                f"{doing}: no AWS credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                f"(any values for a local endpoint) or put KEY:SECRET@ in the URL"
            )
        if isinstance(exc, botocore.exceptions.EndpointConnectionError):
            return TransportUnreachable(f"{doing}: {unreachable(self.service, self.where, str(exc))}")
        if isinstance(exc, botocore.exceptions.ClientError):
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
                        "SignatureDoesNotMatch", "AccessDenied", "AccessDeniedException", "403"):
                return TransportUnreachable(
                    f"{doing}: {self.service} at {self.where} refused the credentials ({code}); check them"
                )
        return TransportError(f"{doing} at {self.where} failed: {exc}")


def missing(exc: botocore.exceptions.ClientError) -> bool:
    """The error says the stream, topic, bucket or queue does not exist."""
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING_CODES


def aws_endpoint(url: str, *, service: str, known: Collection[str] = ("region",)) -> AWSEndpoint:
    """Parse an AWS adapter's URL; missing credentials are said here, when the transport is opened."""
    url = as_written(url)
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - set(known)
    if unknown:
        raise InputError(
            f"{redact_url(url)}: unknown {service} URL parameter {min(unknown)!r}; use {', '.join(f'{k}=…' for k in known)}"
        )
    client_options: dict[str, Any] = {}
    if parts.hostname:
        scheme = "http" if parts.scheme.endswith("+http") else "https"
        port = f":{parts.port}" if parts.port else ""
        client_options["endpoint_url"] = f"{scheme}://{parts.hostname}{port}"
        # path-style S3 addressing: a local endpoint has no DNS name per bucket
        client_options["config"] = botocore.config.Config(s3={"addressing_style": "path"})
    if parts.username:
        client_options["aws_access_key_id"] = unquote(parts.username)
        client_options["aws_secret_access_key"] = unquote(parts.password or "")
    region = options.get("region") or boto3.session.Session().region_name
    if region is None and parts.hostname:
        region = "us-east-1"  # a local endpoint ignores it, but botocore insists on one
    if region is None:
        raise ConfigurationError(f"{redact_url(url)}: no AWS region; add ?region=… to the URL or set AWS_DEFAULT_REGION")
    where = client_options.get("endpoint_url", f"AWS {service} in {region}")
    endpoint = AWSEndpoint(service, url, [unquote(p) for p in parts.path.split("/") if p], where, region, client_options)
    if "aws_access_key_id" not in client_options and boto3.session.Session().get_credentials() is None:
        raise endpoint.error(f"opening {redact_url(url)}", botocore.exceptions.NoCredentialsError())
    return endpoint


def typed_attribute(key: str, value: Any, *, service: str) -> dict[str, Any]:
    """A metadata value as an SNS message attribute (``String``, ``Number``, ``Binary``, ``String.Array``)."""
    if isinstance(value, bool):  # SNS has no boolean type: it travels, and comes back, as text
        return {"DataType": "String", "StringValue": "true" if value else "false"}
    if isinstance(value, (int, float)):
        return {"DataType": "Number", "StringValue": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"DataType": "Binary", "BinaryValue": bytes(value)}
    if isinstance(value, str):
        if not value:
            raise InputError(f"{service} does not allow an empty message attribute: metadata {key!r} is ''")
        return {"DataType": "String", "StringValue": value}
    if isinstance(value, (list, tuple)):
        return {"DataType": "String.Array", "StringValue": json.dumps(list(value), separators=(",", ":"))}
    raise InputError(
        f"metadata {key!r} = {value!r} cannot be an {service} message attribute; use text, a number, bytes or a list"
    )


def typed_value(data_type: str, text: str, binary: bytes | None = None) -> Any:
    """An attribute's value read back as the type it was sent as."""
    if data_type.startswith("Binary"):
        return binary if binary is not None else b""
    if data_type.startswith("Number"):
        try:
            return int(text)
        except ValueError:
            return float(text)
    if data_type == "String.Array":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def text_body(raw: bytes, metadata: dict[str, Any]) -> str:
    """A body as SQS and SNS carry it, text: bytes that are not UTF-8 go base64-encoded, said in ``contentEncoding``."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        metadata["contentEncoding"] = "base64"
        return base64.b64encode(raw).decode("ascii")


def body_bytes(text: str, metadata: Mapping[str, Any]) -> bytes:
    """The bytes of a body :func:`text_body` wrote."""
    return base64.b64decode(text) if metadata.get("contentEncoding") == "base64" else text.encode("utf-8")


def message_attributes(
    request: dict[str, Any],
    metadata: Mapping[str, Any],
    content_type: str | None,
    *,
    parameters: Mapping[str, str],
    skipped: Collection[str],
    attribute: Callable[[str, Any], dict[str, Any]],
    most: int,
    limit: str,
) -> None:
    """Put an SQS or SNS message's metadata in ``request``: ``parameters`` as request fields, the rest as attributes.

    ``limit`` says the service's cap of ``most`` attributes, e.g. "SQS allows at most 10 message attributes".
    """
    attributes: dict[str, Any] = {}
    if content_type is not None:
        attributes[CONTENT_TYPE_KEY] = {"DataType": "String", "StringValue": content_type}
    for key, value in metadata.items():
        if key in parameters:
            request[parameters[key]] = str(value)
        elif key not in skipped and not is_content_type_key(key):
            attributes[key] = attribute(key, value)
    if len(attributes) > most:
        raise InputError(
            f"{limit} and this message would carry {len(attributes)} ({', '.join(sorted(attributes))}); "
            "move some into the body"
        )
    if attributes:
        request["MessageAttributes"] = attributes
