import os

from behave import given

from pactspec.steps import *  # registers the pactspec steps


@given("the order audit is reading the stream")
def order_audit_reading(context: object) -> None:
    from order_audit import reader

    reader.start(os.environ["KINESIS_URL"].replace("kinesis+http://", "http://"))
