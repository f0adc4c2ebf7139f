"""The oversight demo records for Hải Phòng, created through the services."""

from core.demo.agencies import demo_agencies_ensure
from core.demo.oversight import REVIEW_FIGURES, demo_oversight_create
from core.demo.units import demo_units_find
from core.demo.users import demo_users_ensure
from oversight.models import Inspection, Recommendation, Review, ReviewKind, TrainingCourse
from oversight.selectors import recommendations_overdue


def test_the_demo_has_a_training_an_inspection_with_recommendations_and_an_interim_review(db):
    # Given the demo agencies and users
    units = demo_units_find()
    agencies, _ = demo_agencies_ensure(units)
    users, _ = demo_users_ensure(agencies)
    # When the oversight demo is created twice
    demo_oversight_create(units=units, agencies=agencies, users=users)
    demo_oversight_create(units=units, agencies=agencies, users=users)
    # Then each record is there once
    training = TrainingCourse.objects.get()
    assert training.participations.count() == 4
    inspection = Inspection.objects.get()
    assert inspection.includes_victim_support
    assert sorted(Recommendation.objects.values_list("status", flat=True)) == ["done", "in_progress", "open"]
    review = Review.objects.get()
    assert review.kind == ReviewKind.INTERIM and review.figures.count() == len(REVIEW_FIGURES)
    # And the inspector has an overdue recommendation to follow
    assert recommendations_overdue(actor=users["thanhtra"]).count() == 1
