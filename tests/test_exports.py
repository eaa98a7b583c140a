"""The package's public names are exactly `__all__`."""

import types

import summarize


def test_all_matches_the_namespace():
    public = {
        name
        for name in dir(summarize)
        if not name.startswith("_") and not isinstance(getattr(summarize, name), types.ModuleType)
    }
    assert public == set(summarize.__all__)
