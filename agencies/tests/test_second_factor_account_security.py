"""The account security page: the user's own second factor and recovery codes."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from agencies.models import RecoveryCode, TotpAuthenticator
from agencies.tests.helpers import enrol
from audit.models import AuditEvent

PAGE_URL = reverse("account_security")
RENEW_URL = reverse("recovery_codes_renew")


def test_an_enrolled_user_sees_since_when_and_the_codes_left(client, personas):
    # Given a coordinator with an app and its ten recovery codes, one of them used
    enrol(personas.coordinator)
    first = RecoveryCode.objects.filter(user=personas.coordinator).first()
    RecoveryCode.objects.filter(pk=first.pk).update(used_at=timezone.now())
    client.force_login(personas.coordinator)
    # When they open the security page
    response = client.get(PAGE_URL)
    # Then it gives the day of the set-up as dd/mm/yyyy and offers new codes
    body = response.content.decode()
    assert response.status_code == 200
    confirmed = timezone.localtime(TotpAuthenticator.objects.get(user=personas.coordinator).confirmed_at)
    assert confirmed.strftime("%d/%m/%Y") in body
    with translation.override("vi"):
        left = ngettext("%(counter)s unused recovery code left.", "%(counter)s unused recovery codes left.", 9)
    assert left % {"counter": 9} in body and RENEW_URL in body


def test_a_user_without_an_app_is_offered_the_set_up(client, personas):
    client.force_login(personas.ministry)
    body = client.get(PAGE_URL).content.decode()
    assert reverse("second_factor_enrol") in body and RENEW_URL not in body


def test_renewing_without_an_app_explains_and_changes_nothing(client, personas):
    client.force_login(personas.ministry)
    response = client.post(RENEW_URL)
    assert response["Location"] == PAGE_URL
    assert not RecoveryCode.objects.exists()
    assert not AuditEvent.objects.filter(verb="recovery_codes_regenerated").exists()


def test_the_pages_refuse_other_methods_and_anonymous_visitors(client, personas):
    assert client.get(PAGE_URL)["Location"].startswith(reverse("login"))
    assert client.post(RENEW_URL)["Location"].startswith(reverse("login"))
    client.force_login(personas.coordinator)
    assert client.post(PAGE_URL).status_code == 405
    assert client.get(RENEW_URL).status_code == 405
