from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("chi-tiet/", views.drill_down, name="drill_down"),
    path("bieu-do/", views.dashboard, name="dashboard"),
    path("tai-ve/bao-cao.xlsx", views.export_xlsx, name="export_xlsx"),
    path("tai-ve/bao-cao.docx", views.export_docx, name="export_docx"),
]
