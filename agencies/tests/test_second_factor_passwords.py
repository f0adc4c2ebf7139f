"""Passwords: the Vietnamese common-password rules and Argon2id with our parameters."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from agencies.hashers import HoaNhapArgon2PasswordHasher
from agencies.models import User
from agencies.password_validation import VietnameseCommonPasswordValidator
from core.demo import DEMO_PASSWORD

validator = VietnameseCommonPasswordValidator()


def _codes(password: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        validator.validate(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]  # type: ignore[misc]
    return []


@pytest.mark.parametrize(
    "password",
    [
        "Mật khẩu 2025",
        "matkhau123456",
        "Anhyeuem@1998",
        "EMYEUANH!!2024",
        "HoaNhap@2025",
        "123456789abc",
        "qwerty123456",
        "Nguyen Van 1990",
        "iloveyou2000!",
        "abc123abc123",
        "haiphong123456",
    ],
)
def test_common_vietnamese_passwords_are_refused(password):
    assert _codes(password) == ["password_too_common_vi"]


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "111111111111", "abcabcabcabc", "Zzzz-tôi-đi-học"])
def test_repeated_characters_are_refused(password):
    assert _codes(password) == ["password_repeated_characters"]


def test_the_username_name_and_agency_are_refused(personas):
    # Given the coordinator of the health department of Hải Phòng
    coordinator = User.objects.get(pk=personas.coordinator.pk)
    coordinator.first_name, coordinator.last_name = "Thu Hằng", "Phạm"
    # Then passwords built on their username, name, agency or province are refused
    for password in ["Dieuphoi#Vung7", "Thu-Hằng-kiwi-41", "hp-so-y-te-kiwi41", "HảiPhòng-kiwi-41x"]:
        assert _codes(password, coordinator) == ["password_personal"], password


@pytest.mark.parametrize(
    "password", ["Cá-vàng-bơi-qua-sông-7", "tre9-gio-Lua-kem", "K7#pw-Ruou-nep-cam", DEMO_PASSWORD]
)
def test_passwords_of_ones_own_words_pass(password):
    assert _codes(password) == []


def test_the_rules_are_in_the_settings_next_to_djangos_list():
    names = [entry["NAME"] for entry in settings.AUTH_PASSWORD_VALIDATORS]
    position = names.index("django.contrib.auth.password_validation.CommonPasswordValidator")
    assert names[position + 1] == "agencies.password_validation.VietnameseCommonPasswordValidator"


def test_the_message_is_translated_and_the_help_names_the_rules(db):
    # Vietnamese once the lead merges /work/i18n into locale/vi (the pages are in Vietnamese).
    with translation.override("vi"):
        expected = gettext(
            "This password is too easy to guess: it is made only of common words, years or "
            "sequences such as matkhau, anhyeuem, hoanhap, 2025 or 123456. Add words of your own."
        )
        with pytest.raises(ValidationError) as refused:
            validate_password("matkhau2025!!", User(username="nguoidung"))
    assert expected in refused.value.messages
    assert "matkhau" in validator.get_help_text()


@override_settings(PASSWORD_HASHERS=["agencies.hashers.HoaNhapArgon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2id_and_our_parameters():
    # When a password is hashed with the production hashers
    encoded = make_password("Cá-vàng-bơi-qua-sông-7")
    # Then it is Argon2id with at least OWASP's memory, time and parallelism
    assert encoded.startswith("argon2$argon2id$v=19$m=65536,t=3,p=1$")
    assert check_password("Cá-vàng-bơi-qua-sông-7", encoded)
    hasher = get_hasher()
    assert isinstance(hasher, HoaNhapArgon2PasswordHasher)
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1


@override_settings(PASSWORD_HASHERS=["agencies.hashers.HoaNhapArgon2PasswordHasher"])
def test_hashes_made_with_djangos_defaults_still_verify_and_are_renewed():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    old = Argon2PasswordHasher().encode("Cá-vàng-bơi-qua-sông-7", Argon2PasswordHasher().salt())
    assert check_password("Cá-vàng-bơi-qua-sông-7", old)
    assert identify_hasher(old).must_update(old)


def test_the_production_hasher_is_first():
    from hoanhap.settings import base

    assert base.PASSWORD_HASHERS[0] == "agencies.hashers.HoaNhapArgon2PasswordHasher"
