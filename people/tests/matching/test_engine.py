"""The engine against the database: candidates through the blind indexes, scoped, no writes."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.matching.dates import BirthDate
from people.matching.engine import match_records, unit_places
from people.matching.records import MatchRecord
from people.matching.scoring import REVIEW_WEIGHT, Band, NameFrequencies


def _record(personas, name, birth=None, *, unit=None, identity="", sex="female", key="row-1"):
    return MatchRecord(
        key=key,
        full_name=name,
        birth_date=birth,
        sex=sex,
        identity_number=identity,
        place=unit_places([(unit or personas.commune).pk])[(unit or personas.commune).pk],
    )


def _codes(candidate):
    return {level.code for level in candidate.score.reasons}


def test_a_list_row_finds_the_person_under_the_old_commune_name(personas):
    # Given Nguyễn Thị Hòa, born 12/04/1998, recorded in a current Hải Phòng commune
    person = personas.case_in_hai_phong().person
    # When a police row without diacritics or middle name, with the year only and the
    # commune under its pre-2025 name, is matched
    row = _record(personas, "NGUYEN HOA", BirthDate(1998), unit=personas.legacy_commune)
    found = match_records(actor=personas.coordinator, records=[row])[0]
    # Then she is the candidate, sure, with the reasons
    assert [candidate.person_id for candidate in found] == [person.pk]
    assert found[0].score.band is Band.SURE
    assert {"given.exact", "family.exact", "birth.year_agrees", "place.commune", "sex.same"} <= _codes(found[0])


def test_a_hard_negative_is_found_but_not_above_the_threshold(personas):
    # Given Nguyễn Thị Hòa and a namesake born the same year in another commune of the province
    person = personas.case_in_hai_phong().person
    namesake = personas.case_in_hai_phong(
        birth_date=datetime.date(1998, 9, 30), home_unit=personas.other_commune
    ).person
    row = _record(personas, "Nguyễn Thị Hoà", BirthDate(1998, 4, 12))
    # When the row is matched with and without the review threshold
    shown = match_records(actor=personas.coordinator, records=[row])[0]
    everything = match_records(actor=personas.coordinator, records=[row], min_weight=-1000)[0]
    # Then only the person is shown; the namesake was a candidate but scored below the threshold
    assert [candidate.person_id for candidate in shown] == [person.pk]
    weights = {candidate.person_id: candidate.score.weight for candidate in everything}
    assert weights[namesake.pk] < REVIEW_WEIGHT
    assert {"birth.same_year", "place.province"} <= _codes(next(c for c in everything if c.person_id == namesake.pk))


def test_identity_number_alone_finds_the_person(personas):
    # Given a person with a citizen ID
    person = personas.case_in_hai_phong(identity_number="031198001234").person
    # When a row with another spelling, no date and no place but the same number is matched
    row = MatchRecord(key=1, full_name="Nguyen Thi Hoa", identity_number="031 198 001 234")
    found = match_records(actor=personas.coordinator, records=[row])[0]
    # Then the person is found, the identity number among the reasons
    assert [candidate.person_id for candidate in found] == [person.pk]
    assert "identity.same" in _codes(found[0])


def test_a_dated_row_finds_a_person_recorded_without_a_date_and_the_other_way_round(personas):
    # Given a person recorded without birth date and one recorded with one
    undated = personas.case_in_hai_phong(full_name="Trần Thị Mai", birth_date=None).person
    dated = personas.case_in_hai_phong(full_name="Phạm Thị Lan", birth_date=datetime.date(2001, 3, 1)).person
    # When rows with the opposite are matched
    found = match_records(
        actor=personas.coordinator,
        records=[
            _record(personas, "Tran Thi Mai", BirthDate(1999, 1, 2), key=1),
            _record(personas, "Phạm Thị Lan", None, key=2),
        ],
    )
    # Then each finds its person (on the family + given name + province key)
    assert [[candidate.person_id for candidate in candidates] for candidates in found] == [[undated.pk], [dated.pk]]


def test_a_given_name_typo_with_swapped_day_and_month_is_found_on_the_date_key(personas):
    # Given Nguyễn Thị Hòa, born 12/04/1998
    person = personas.case_in_hai_phong().person
    # When a row with a typing slip in the given name and day and month swapped is matched
    row = _record(personas, "Nguyễn Thị Hòaa", BirthDate(1998, 12, 4))
    found = match_records(actor=personas.coordinator, records=[row])[0]
    # Then she is found, the slip and the swap among the reasons
    assert [candidate.person_id for candidate in found] == [person.pk]
    assert {"given.similar", "birth.swapped"} <= _codes(found[0])


def test_persons_the_actor_may_not_see_are_never_returned(personas):
    # Given a person of Hải Phòng
    personas.case_in_hai_phong()
    # When an officer of Quảng Ninh matches the same row
    row = _record(personas, "Nguyễn Thị Hòa", BirthDate(1998, 4, 12))
    found = match_records(actor=personas.outsider, records=[row])[0]
    # Then nothing is returned, as if she did not exist
    assert found == []


def test_matching_writes_nothing_and_sends_no_plaintext_to_the_database(personas):
    # Given a person with identity number, and a row of her
    personas.case_in_hai_phong(identity_number="031198001234")
    row = _record(personas, "Nguyễn Thị Hòa", BirthDate(1998, 4, 12), identity="031198001234")
    # When the row is matched
    with CaptureQueriesContext(connection) as queries:
        found = match_records(actor=personas.coordinator, records=[row])[0]
    # Then she is found, no statement writes, and no name word, date or number is in any statement
    assert found
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    text = " ".join(statements).lower()
    for plaintext in ["nguyen", "nguyễn", "hoa", "hòa", "1998-04-12", "031198001234"]:
        assert plaintext not in text


def test_name_and_year_frequencies_are_counted_once_enough_persons_are_recorded(personas, monkeypatch):
    # Given two persons born in different years, and a population threshold low enough to count them
    monkeypatch.setattr(NameFrequencies, "MIN_POPULATION", 1)
    person = personas.case_in_hai_phong().person
    personas.case_in_hai_phong(full_name="Nguyễn Văn Nam", sex="male", birth_date=datetime.date(1990, 1, 1))
    row = _record(personas, "NGUYEN HOA", BirthDate(1998), unit=personas.legacy_commune)
    # When the row is matched, whatever its weight
    found = match_records(actor=personas.coordinator, records=[row], min_weight=-100)[0]
    # Then the given name, shared by one person in two, weighs log2(m / 0.5) and "nguyen" log2(m / 1);
    # the year, that of one person in two, has its u scaled from the average year's to 0.5
    assert [candidate.person_id for candidate in found] == [person.pk]
    weights = {level.code: level.weight for level in found[0].score.reasons}
    assert weights["given.exact"] == pytest.approx(math.log2(0.95 / 0.5))
    assert weights["family.exact"] == pytest.approx(math.log2(0.95 / 1.0))
    assert weights["birth.year_agrees"] == pytest.approx(math.log2(0.95 / 0.5))
