"""Duplicate detection for people: the same person recorded by several channels.

``engine.match_records`` ranks the existing persons incoming records probably are;
``pairs.candidate_pairs`` finds the probable duplicates inside a batch, or among existing
persons once loaded (people.duplicates, the review queue). See docs/matching.md.
"""
