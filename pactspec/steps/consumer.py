"""pactspec consumer steps for behave (to be filled)."""

__all__: list[str] = []
