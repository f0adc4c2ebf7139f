from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:batch_id>/", views.dry_run, name="dry_run"),
    path("<uuid:batch_id>/cot/", views.mapping, name="mapping"),
    path("<uuid:batch_id>/chon/", views.decide, name="decide"),
    path("<uuid:batch_id>/nhap/", views.import_rows, name="import"),
    path("<uuid:batch_id>/tien-do/", views.progress, name="progress"),
    path("<uuid:batch_id>/bao-cao-loi.xlsx", views.error_report_xlsx, name="error_report_xlsx"),
    path("<uuid:batch_id>/bao-cao-loi.csv", views.error_report_csv, name="error_report_csv"),
]
