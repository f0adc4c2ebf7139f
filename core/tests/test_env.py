import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str


def test_unset_variables_take_their_defaults(monkeypatch):
    monkeypatch.delenv("HOANHAP_X", raising=False)
    assert env_str("HOANHAP_X", "a") == "a"
    assert env_bool("HOANHAP_X", True) is True
    assert env_int("HOANHAP_X", 3) == 3
    assert env_list("HOANHAP_X", ["b"]) == ["b"]


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env_bool("HOANHAP_X", False), "maybe"),
        (lambda: env_int("HOANHAP_X", 1), "ten"),
        (lambda: env_int("HOANHAP_X", 1, minimum=5), "2"),
        (lambda: env_list("HOANHAP_X", []), "a,,b"),
        (lambda: env_str("HOANHAP_X", "d"), "  "),
    ],
)
def test_malformed_values_stop_start_up(monkeypatch, reader, value):
    monkeypatch.setenv("HOANHAP_X", value)
    with pytest.raises(ImproperlyConfigured, match="HOANHAP_X"):
        reader()


def test_well_formed_values_are_parsed(monkeypatch):
    monkeypatch.setenv("HOANHAP_X", "yes")
    assert env_bool("HOANHAP_X", False) is True
    monkeypatch.setenv("HOANHAP_X", "a, b")
    assert env_list("HOANHAP_X", []) == ["a", "b"]
