from django.urls import path

from agencies import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", views.second_factor_code, name="second_factor_code"),
    path("dang-nhap/cai-dat-xac-thuc/", views.second_factor_enrol, name="second_factor_enrol"),
    path("xac-thuc-lai/", views.second_factor_confirm, name="second_factor_confirm"),
    path("tai-khoan/bao-mat/", views.account_security, name="account_security"),
    path("tai-khoan/bao-mat/ma-du-phong/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
]
