from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("an-ten/", views.hide_names, name="hide_names"),
    # Duplicate review (docs/matching.md): the queue, merges and their undoing, pairs marked different.
    path("trung-lap/", views.duplicate_queue, name="duplicate_queue"),
    path("trung-lap/tinh-lai/", views.duplicates_rescore, name="duplicates_rescore"),
    path("trung-lap/da-gop/", views.merge_history, name="merge_history"),
    path("<uuid:person_id>/gop/", views.person_merge, name="person_merge"),
    path("<uuid:person_id>/gop/hoan-tac/", views.person_merge_undo, name="person_merge_undo"),
    path("<uuid:person_id>/khac-nguoi/", views.persons_mark_different, name="persons_mark_different"),
]
