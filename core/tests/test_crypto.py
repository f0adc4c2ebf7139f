import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import crypto


@pytest.fixture
def two_keys(settings):
    old, new = b"o" * 32, b"n" * 32
    settings.FIELD_ENCRYPTION_KEYS = {"old": old}
    crypto.keyring.cache_clear()
    yield old, new
    crypto.keyring.cache_clear()


def test_encryption_round_trips_and_hides_the_plaintext():
    token = crypto.encrypt("Nguyễn Thị Hòa", context="people.person.full_name")
    assert "Hòa" not in token and "Nguy" not in token
    assert crypto.decrypt(token, context="people.person.full_name") == "Nguyễn Thị Hòa"


def test_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("x", context="c") != crypto.encrypt("x", context="c")


def test_a_value_moved_to_another_column_does_not_decrypt():
    token = crypto.encrypt("012345678901", context="people.person.identity_number")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="people.person.phone")


def test_old_keys_stay_readable_after_rotation(settings, two_keys):
    # Given a value written under the old key
    old, new = two_keys
    token = crypto.encrypt("secret", context="c")
    # When a new primary key is configured in front of the old one
    settings.FIELD_ENCRYPTION_KEYS = {"new": new, "old": old}
    crypto.keyring.cache_clear()
    # Then the old value still decrypts and new values use the new key
    assert crypto.decrypt(token, context="c") == "secret"
    assert crypto.key_id_of(crypto.encrypt("secret", context="c")) == "new"


def test_blind_index_is_keyed_and_deterministic(settings):
    first = crypto.blind_index("hoa", purpose="name")
    assert first == crypto.blind_index("hoa", purpose="name")
    assert first != crypto.blind_index("hoa", purpose="other")
    settings.BLIND_INDEX_KEY = b"k" * 32
    crypto.keyring.cache_clear()
    try:
        assert crypto.blind_index("hoa", purpose="name") != first
    finally:
        crypto.keyring.cache_clear()


@pytest.mark.parametrize(
    "spec",
    ["nokeyid", "a:not-base64!", "a:" + base64.urlsafe_b64encode(b"short").decode(), "a:{k},a:{k}", "a-b:{k}"],
)
def test_malformed_key_settings_are_refused(spec):
    key = base64.urlsafe_b64encode(b"k" * 32).decode()
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_field_keys(spec.format(k=key))
