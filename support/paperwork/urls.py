from django.urls import path

from support.paperwork import views

app_name = "paperwork"
urlpatterns = [
    path("ho-so/<uuid:case_id>/don-de-nghi/", views.application_view, name="application"),
    path("ho-so/<uuid:case_id>/don-de-nghi/tai-ve/", views.application_download, name="application_download"),
    path("quyet-dinh/<uuid:decision_id>/", views.decision_download, name="decision_download"),
    path("danh-sach-chi-tra/", views.receipt_list_view, name="receipt_list"),
]
