"""Records for the matching tests: invented people, places as plain codes."""

from people.matching.dates import parse_birth_date
from people.matching.records import MatchRecord, Place, PreparedRecord, prepare

# Two current communes of one province; an old commune that became the first.
HOME = Place(province="P1", communes=frozenset({"C1"}))
HOME_OLD_NAME = Place(province="P1", communes=frozenset({"C1"}))
NEIGHBOUR = Place(province="P1", communes=frozenset({"C2"}))
ELSEWHERE = Place(province="P2", communes=frozenset({"C9"}))


def record(
    key: object,
    name: str,
    birth: str = "",
    *,
    sex: str = "female",
    identity: str = "",
    place: Place | None = HOME,
) -> MatchRecord:
    return MatchRecord(
        key=key,
        full_name=name,
        birth_date=parse_birth_date(birth, this_year=2025),
        sex=sex,
        identity_number=identity,
        place=place,
    )


def prepared(*args: object, **kwargs: object) -> PreparedRecord:
    return prepare(record(*args, **kwargs))  # type: ignore[arg-type]
