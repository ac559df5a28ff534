"""`load_yaml` parses with libyaml (PyYAML's C parser) for speed; what it returns must be what PyYAML's
pure-Python safe loader returns, and bad YAML must still be an error naming the source and the file."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline.sources._parsing import load_yaml
from registry_pipeline.sources.base import SourceParseError

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(), st.dates(),
    # text a YAML resolver turns into something else when it is unquoted
    st.sampled_from(["yes", "No", "~", "null", "0x1F", "0o17", "1e3", "1_000", ".inf", "2024-02-30", "12:30:00", "- a", "a: b"]),
)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, False, True]))
def test_the_c_parser_returns_what_the_pure_python_safe_loader_returns(data, flow):
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert load_yaml(text.encode(), "aider", "edit_leaderboard.yml", "<body>") == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_hand_written_yaml_reads_as_the_safe_loader_reads_it():
    text = b"- dirname: 2024-06-20-run\n  date: 2024-06-20\n  pass_rate_2: 77.4\n  released: yes\n  cost: ~\n  model: 'o1'\n  versions: 0.59.2.dev\n"
    body = load_yaml(text, "aider", "edit_leaderboard.yml", "<body>")
    assert body == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    (run,) = body
    assert run["date"] == dt.date(2024, 6, 20) and run["released"] is True and run["cost"] is None


@pytest.mark.parametrize("text", [b"- a: [1, 2\n", b"a: b: c\n", b"\t- tab\n", b"- !!python/object:os.system echo\n"])
def test_bad_or_unsafe_yaml_is_an_error_naming_the_source_and_the_file(text):
    with pytest.raises(SourceParseError) as err:
        load_yaml(text, "aider", "edit_leaderboard.yml", "<body>")
    assert "aider" in str(err.value) and "edit_leaderboard.yml" in str(err.value) and "not valid YAML" in str(err.value)
