from django.contrib import admin
from django.urls import include, path

from core.views import health

urlpatterns = [
    path("", include("agencies.urls")),
    path("ho-so/", include("cases.urls")),
    path("ho-tro/", include("support.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("nguoi/", include("people.urls")),
    path("thong-ke/", include("reports.urls")),
    path("giam-sat/", include("oversight.urls")),
    path("chuong-trinh/", include("programmes.urls")),
    path("bao-mat/", include("privacy.urls")),
    path("nhap-danh-sach/", include("imports.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("suc-khoe/", health, name="health"),
]
