import os

from behave import given

from pactspec.steps import *  # registers the pactspec steps


@given("accounting is watching the bucket")
def accounting_watching(context: object) -> None:
    from accounting import watcher

    watcher.start(os.environ["S3_URL"].replace("s3+http://", "http://"))
