from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("luu-tru/", views.retention_rules, name="retention_rules"),
    path("luu-tru/them/", views.retention_rule_new, name="retention_rule_new"),
    path("luu-tru/<uuid:rule_id>/", views.retention_rule_edit, name="retention_rule_edit"),
    path("su-co/", views.breach_list, name="breach_list"),
    path("su-co/them/", views.breach_new, name="breach_new"),
    path("su-co/<uuid:report_id>/", views.breach_detail, name="breach_detail"),
    path("nguoi/<uuid:person_id>/du-lieu/", views.subject_access, name="subject_access"),
    path("nguoi/<uuid:person_id>/du-lieu/tai-ve.docx", views.subject_access_docx, name="subject_access_docx"),
    path("nguoi/<uuid:person_id>/du-lieu/tai-ve.json", views.subject_access_json, name="subject_access_json"),
    path("nguoi/<uuid:person_id>/dinh-chinh/", views.person_correction, name="person_correction"),
]
