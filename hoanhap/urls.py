from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("agencies.urls")),
    path("ho-so/", include("cases.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
