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


def test_file_bytes_round_trip_and_hide_the_plaintext():
    # Given the bytes of a scanned PDF
    data = b"%PDF-1.7\n" + bytes(range(256)) * 4
    # When they are sealed for a document
    blob = crypto.encrypt_bytes(data, context="document:1")
    # Then the stored form names the key, hides the content and opens again
    assert blob.startswith(crypto.keyring().primary_id.encode() + b"$")
    assert b"%PDF" not in blob
    assert crypto.decrypt_bytes(blob, context="document:1") == data
    assert crypto.encrypt_bytes(data, context="document:1") != blob


def test_a_file_swapped_for_another_documents_file_does_not_decrypt():
    blob = crypto.encrypt_bytes(b"scan", context="document:1")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob, context="document:2")


@pytest.mark.parametrize("mangle", [lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b"nokey" + b[4:], lambda b: b""])
def test_a_damaged_file_is_refused(mangle):
    blob = crypto.encrypt_bytes(b"scan", context="document:1")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(mangle(blob), context="document:1")


def test_files_under_an_old_key_stay_readable_after_rotation(settings, two_keys):
    old, new = two_keys
    blob = crypto.encrypt_bytes(b"scan", context="document:1")
    settings.FIELD_ENCRYPTION_KEYS = {"new": new, "old": old}
    crypto.keyring.cache_clear()
    assert crypto.decrypt_bytes(blob, context="document:1") == b"scan"
    assert crypto.encrypt_bytes(b"scan", context="document:1").startswith(b"new$")
