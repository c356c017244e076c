"""The examples in the package's docstrings run as written."""

import doctest

import sightline
import sightline._api


def test_docstring_examples():
    for module in (sightline, sightline._api):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, (module.__name__, result)
