"""Duplicate detection for people: the same person recorded by several channels.

``engine.match_record(s)`` ranks the existing persons incoming records probably are;
``pairs.candidate_pairs`` finds the probable duplicates inside a batch and
``engine.person_pairs`` among existing persons. See docs/matching.md.
"""
