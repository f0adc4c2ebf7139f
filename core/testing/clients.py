"""The test client every test gets as ``client`` (see conftest.py)."""

from typing import Any

from django.test import Client

from agencies.second_factor import second_factor_passed


class FullySignedInClient(Client):
    """``force_login`` stands for a complete sign-in: password and second factor.

    Tests of the sign-in itself post to the login and second-factor pages instead.
    """

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        session = self.session
        second_factor_passed(session)
        session.save()
