import pytest

# The shared helpers assert like tests do, so a failing helper shows pytest's detailed message
# (registered here, before anything imports them).
pytest.register_assert_rewrite("tests.support")
