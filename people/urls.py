from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("an-ten/", views.hide_names, name="hide_names"),
]
