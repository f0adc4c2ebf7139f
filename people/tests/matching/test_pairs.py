from people.matching import pairs
from people.matching.pairs import blocked_pairs, candidate_pairs
from people.matching.records import prepare
from people.matching.scoring import Band
from people.tests.matching.helpers import NEIGHBOUR, prepared, record


def test_a_batch_yields_its_duplicates_best_first_with_reasons():
    # Given a list with the same person three times, a namesake born the same year
    # elsewhere in the province, and someone else
    batch = [
        record("a", "Nguyễn Thị Hòa", "12/04/1998", identity="031198001234"),
        record("b", "NGUYEN THI HOA", "1998"),
        record("c", "Nguyễn Hoà", "04/12/1998", identity="031198001234"),
        record("d", "Nguyễn Thị Hòa", "30/09/1998", place=NEIGHBOUR),
        record("e", "Trần Văn Nam", "01/01/1990", sex="male"),
    ]
    # When the batch is compared with itself
    found = candidate_pairs(batch)
    # Then the three records of the person pair up, the namesake and the stranger do not
    assert {(pair.left, pair.right) for pair in found} == {("a", "b"), ("a", "c"), ("b", "c")}
    assert [pair.score.weight for pair in found] == sorted((pair.score.weight for pair in found), reverse=True)
    assert all(pair.score.band is Band.SURE and pair.score.reasons for pair in found)


def test_each_pair_is_compared_once_even_when_it_shares_several_keys():
    # Given two records sharing every key (identity, name, year, province, date)
    records = [
        prepared(1, "Lê Thị Mai", "01/02/2000", identity="031200000001"),
        prepared(2, "Lê Thị Mai", "01/02/2000", identity="031200000001"),
    ]
    # When blocked / Then the pair comes out once
    assert list(blocked_pairs(records)) == [(0, 1)]


def test_a_record_without_a_date_meets_its_namesakes_of_any_year():
    # Given namesakes born in different years and a record without a date
    records = [prepared(1, "Lê Thị Mai", "2000"), prepared(2, "Lê Thị Mai", "1990"), prepared(3, "Lê Mai")]
    # When blocked / Then the dated namesakes are not compared with each other, the undated one with both
    assert sorted(blocked_pairs(records)) == [(0, 2), (1, 2)]


def test_oversized_blocks_are_skipped(monkeypatch):
    # Given a placeholder identity number typed for many different people
    monkeypatch.setattr(pairs, "MAX_BLOCK_SIZE", 3)
    records = [
        prepare(record(n, f"Người {n} Khác{n}", f"{n + 1:02d}/01/19{50 + n}", identity="000000000")) for n in range(5)
    ]
    # When blocked / Then the block says nothing and yields no pair
    assert list(blocked_pairs(records)) == []
