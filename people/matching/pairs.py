"""Pairs of records that are probably the same person, found in memory.

Used for a batch (the rows of a list being imported, compared among themselves), for
existing persons once loaded (``people.duplicates``, the review queue), and by bench/dedup.py. Needs
no database.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from people.matching.blocking import ONE_SIDE, BlockingKey, compares_on
from people.matching.records import MatchRecord, PreparedRecord, prepare
from people.matching.scoring import REVIEW_WEIGHT, MatchScore, NameFrequencies, pair_weight, score

# A block larger than this (a placeholder identity number typed for everyone, say) says
# nothing about who is who: its pairs are not compared.
MAX_BLOCK_SIZE = 2000


@dataclass(frozen=True, slots=True)
class Pair:
    """Two records that are probably the same person, ``left`` before ``right`` in the input."""

    left: Hashable
    right: Hashable
    score: MatchScore


def blocked_pairs(records: Sequence[PreparedRecord]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) sharing a blocking key they compare on, each pair once."""
    blocks: dict[BlockingKey, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in record.blocking_keys:
            blocks[key].append(index)
    key_sets = [set(record.blocking_keys) for record in records]
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        condition = ONE_SIDE.get(str(key[0]))
        candidates: Iterable[tuple[int, int]]
        if condition is None:
            candidates = combinations(members, 2) if len(members) <= MAX_BLOCK_SIZE else ()
        else:
            # Only pairs with a side lacking the value: never walk the whole block.
            few = [member for member in members if condition(records[member])]
            few_set = set(few)
            candidates = (
                (min(a, b), max(a, b))
                for a in (few if len(few) <= MAX_BLOCK_SIZE else ())
                for b in members
                if b != a and (b not in few_set or a < b)
            )
        for first, second in candidates:
            # Compared in the block of the first key the two share and compare on, only there.
            second_keys = key_sets[second]
            for shared in records[first].blocking_keys:
                if shared in second_keys and compares_on(shared, records[first], records[second]):
                    if shared == key:
                        yield first, second
                    break


def scored_pairs(
    records: Sequence[PreparedRecord], *, min_weight: float = REVIEW_WEIGHT, frequencies: NameFrequencies | None = None
) -> list[tuple[int, int, float]]:
    """(i, j, weight) of the blocked pairs weighing at least ``min_weight``, without reasons."""
    found = []
    for first, second in blocked_pairs(records):
        weight = pair_weight(records[first], records[second], frequencies)
        if weight >= min_weight:
            found.append((first, second, weight))
    return found


def candidate_pairs(records: Iterable[MatchRecord], *, min_weight: float = REVIEW_WEIGHT) -> list[Pair]:
    """Probable duplicates inside a batch, best first, each with its score and reasons.

    Name frequencies are counted over the batch itself (``NameFrequencies``).
    """
    prepared = [prepare(record) for record in records]
    frequencies = NameFrequencies.of_records(prepared)
    pairs = [
        Pair(left=prepared[i].key, right=prepared[j].key, score=score(prepared[i], prepared[j], frequencies))
        for i, j, _weight in scored_pairs(prepared, min_weight=min_weight, frequencies=frequencies)
    ]
    pairs.sort(key=lambda pair: -pair.score.weight)
    return pairs
