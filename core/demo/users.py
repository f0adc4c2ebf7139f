"""One demo user per role, all with the same password; the officials' names are invented."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password

from agencies.models import Agency, Membership, Role, User
from core.demo import agencies as a

# Shared by every demo login; passes the project's password validators (checked on creation).
DEMO_PASSWORD = "HoaNhap@2025demo"  # noqa: S105 - a published demo password, never used outside demo data

COORDINATOR = "dieuphoi"
COMMUNE_OFFICER = "canboxa"
POLICE_OFFICER = "congan"
BORDER_GUARD = "bienphong"
WOMENS_UNION_OFFICER = "phunu"
LEGAL_AID_OFFICER = "trogiup"
CASE_VIEWER = "xemhoso"
MINISTRY_VIEWER = "bo"
INSPECTOR = "thanhtra"
SYSTEM_ADMIN = "quantri"
OUTSIDER = "quangninh"


@dataclass(frozen=True)
class UserSpec:
    username: str
    last_name: str  # họ
    first_name: str  # tên đệm và tên
    agency: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


# In the order the logins table lists them.
USERS: tuple[UserSpec, ...] = (
    UserSpec(COORDINATOR, "Phạm", "Thu Hằng", a.SO_Y_TE, Role.PROVINCIAL_COORDINATOR),
    UserSpec(COMMUNE_OFFICER, "Đỗ", "Thị Loan", a.COMMITTEE, Role.COMMUNE_OFFICER),
    UserSpec(POLICE_OFFICER, "Trần", "Quốc Bảo", a.CONG_AN, Role.POLICE_OFFICER),
    UserSpec(BORDER_GUARD, "Lê", "Văn Cường", a.BIEN_PHONG, Role.BORDER_GUARD),
    UserSpec(WOMENS_UNION_OFFICER, "Hoàng", "Mai Anh", a.HOI_PHU_NU, Role.WOMENS_UNION_OFFICER),
    UserSpec(LEGAL_AID_OFFICER, "Ngô", "Minh Tuấn", a.TRO_GIUP_PHAP_LY, Role.SERVICE_PROVIDER),
    UserSpec(CASE_VIEWER, "Bùi", "Ngọc Diệp", a.SO_Y_TE, Role.CASE_VIEWER),
    UserSpec(MINISTRY_VIEWER, "Đặng", "Thu Trang", a.BO_Y_TE, Role.MINISTRY_VIEWER),
    UserSpec(INSPECTOR, "Vũ", "Đức Long", a.THANH_TRA, Role.INSPECTOR),
    UserSpec(SYSTEM_ADMIN, "Trịnh", "Văn Hùng", a.CNTT, Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True),
    UserSpec(OUTSIDER, "Lương", "Thị Hoa", a.QN_SO_Y_TE, Role.PROVINCIAL_COORDINATOR),
)


def demo_users_ensure(agencies: dict[str, Agency]) -> tuple[dict[str, User], int]:
    """The demo users by username, creating those missing with their membership.

    A user that already exists is left as it is (its password may have been changed).
    """
    users: dict[str, User] = {}
    created = 0
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.create(user=user, agency=agencies[spec.agency], role=spec.role)
            created += 1
        users[spec.username] = user
    return users, created
