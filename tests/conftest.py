from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project_root() -> Path:
    return ROOT


# `HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py` searches much harder.
from hypothesis import settings  # noqa: E402

settings.register_profile("deep", max_examples=5000, deadline=None)
settings.register_profile("fuzz", max_examples=50_000, deadline=None)  # issue 14's acceptance
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))
