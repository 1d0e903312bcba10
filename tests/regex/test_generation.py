"""The size of a regex's generated example is counted from the parsed pattern, before drawing."""

from __future__ import annotations

import pytest

from pactspec.regex import compile_pattern
from pactspec.regex._generation import EXTRA_REPEATS


class TestExampleSize:
    @pytest.mark.parametrize(("pattern", "size"), [
        ("abc", 3),
        ("[a-z]{5}", 5),
        ("[a-z]{99999999}", 99_999_999),
        ("\\d+", 1 + EXTRA_REPEATS),
        ("(ab){3}\\1", 8),
        ("a|bcd", 3),
        ("((a{0,100}){0,100}){0,100}", EXTRA_REPEATS ** 3),
        ("^x$", 1),
    ])
    def test_counts_the_most_characters_generation_can_draw(self, pattern: str, size: int) -> None:
        """The count is the generator's own bound: repeats draw at most min(max, min + EXTRA_REPEATS)."""
        assert compile_pattern(pattern).example_size == size

    def test_the_drawn_example_fits_the_count(self) -> None:
        """A drawn example is never longer than the counted size."""
        pattern = compile_pattern("(\\w{2,4}-){1,3}[0-9]{3}")
        assert all(len(pattern.generate(None)) <= pattern.example_size for _ in range(50))
