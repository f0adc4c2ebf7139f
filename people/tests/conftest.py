"""Personas the hide-name tests add to the shared ones."""

import pytest

from agencies.models import Membership, Role, User


@pytest.fixture
def inspector(personas) -> User:
    """An inspector of the Hải Phòng social agency: reads the area's cases, never needs names."""
    user = User.objects.create_user(username="thanhtra", password="Mat-khau-thu-nghiem-2025")
    Membership.objects.create(user=user, agency=personas.social_agency, role=Role.INSPECTOR)
    return user
