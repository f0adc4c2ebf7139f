"""Benchmark: name search through the blind index against decrypt-and-scan.

Without blind indexes, finding "nguyen thi hoa" means decrypting every name and
comparing in Python. The figure is the ratio of the two, measured in the same run on
the same data, with absolute times for context.

    make bench                 # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python -m bench.run
"""

import datetime
import random
import statistics
import time
from collections.abc import Callable

from django.utils import timezone
from faker import Faker

from agencies.models import Agency, AgencyType, Membership, Role, User
from cases.models import IntakeChannel
from cases.services import case_open
from core.textfold import fold_tokens
from geo.models import AdminUnit, Level, Scheme
from people.models import Person
from people.selectors import person_search

PEOPLE = 2_000
SEARCHES = 30


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def run() -> None:
    province = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="31")
    communes = list(AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=province)[:20])
    agency, _ = Agency.objects.get_or_create(
        code="bench-so-y-te",
        defaults={"name": "Sở Y tế (benchmark)", "agency_type": AgencyType.SOCIAL_AFFAIRS, "unit": province},
    )
    actor, created = User.objects.get_or_create(username="bench-coordinator")
    if created:
        Membership.objects.create(user=actor, agency=agency, role=Role.PROVINCIAL_COORDINATOR)

    fake = Faker("vi_VN")
    Faker.seed(7)
    rng = random.Random(7)  # noqa: S311 - reproducible benchmark data, not security
    names = [fake.name_female() for _ in range(PEOPLE)]
    existing = Person.objects.count()
    start = time.perf_counter()
    for name in names[existing:]:
        case_open(
            actor=actor,
            channel=IntakeChannel.POLICE_LIST,
            received_on=timezone.localdate() - datetime.timedelta(days=rng.randrange(300)),
            home_unit=rng.choice(communes),
            responsible_agency=agency,
            full_name=name,
            birth_year=rng.randrange(1970, 2008),
        )
    created_seconds = time.perf_counter() - start
    queries = [rng.choice(names) for _ in range(SEARCHES)]
    query_iter = iter(queries * 2)

    def indexed() -> object:
        return person_search(actor=actor, name=next(query_iter))

    def decrypt_scan() -> object:
        wanted = set(fold_tokens(next(query_iter)))
        return [p.pk for p in Person.objects.only("full_name") if wanted <= set(fold_tokens(p.full_name))]

    indexed_times = _timed(indexed, SEARCHES)
    scan_times = _timed(decrypt_scan, SEARCHES)
    indexed_ms = statistics.median(indexed_times) * 1000
    scan_ms = statistics.median(scan_times) * 1000
    print(f"people: {Person.objects.count()} (created now: {PEOPLE - existing} in {created_seconds:.1f} s)")
    print(f"blind-index search, median of {SEARCHES}: {indexed_ms:.2f} ms")
    print(f"baseline decrypt-and-scan, median of {SEARCHES}: {scan_ms:.2f} ms")
    print(f"ratio baseline / blind index: {scan_ms / indexed_ms:.1f}x")
