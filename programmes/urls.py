from django.urls import path

from programmes import views

app_name = "programmes"
urlpatterns = [
    path("nhom-dong-dang/", views.group_list_view, name="group_list"),
    path("nhom-dong-dang/moi/", views.group_new, name="group_new"),
    path("nhom-dong-dang/<uuid:group_id>/", views.group_detail, name="group_detail"),
    path("nhom-dong-dang/<uuid:group_id>/kinh-phi/", views.funding_new, name="funding_new"),
    path("nhom-dong-dang/<uuid:group_id>/thanh-vien/theo-ho-so/", views.member_by_case_new, name="member_by_case_new"),
    path("nhom-dong-dang/<uuid:group_id>/thanh-vien/moi/", views.member_new, name="member_new"),
    path("nhom-dong-dang/<uuid:group_id>/sinh-hoat/", views.meeting_new, name="meeting_new"),
    path("nhom-dong-dang/<uuid:group_id>/giai-the/", views.group_close, name="group_close"),
    path("khoan-vay/", views.loan_list_view, name="loan_list"),
    path("khoan-vay/qua-han/", views.loan_overdue_view, name="loan_overdue"),
    path("khoan-vay/moi/", views.loan_new, name="loan_new"),
    path("khoan-vay/<uuid:loan_id>/", views.loan_detail, name="loan_detail"),
    path("khoan-vay/<uuid:loan_id>/tra-no/", views.repayment_new, name="repayment_new"),
    path("khoan-vay/<uuid:loan_id>/xoa-no/", views.loan_write_off_view, name="loan_write_off"),
    path("tuyen-truyen/", views.session_list_view, name="session_list"),
    path("tuyen-truyen/moi/", views.session_new, name="session_new"),
    path("tuyen-truyen/nhap/", views.session_import, name="session_import"),
    path("tuyen-truyen/nhap/xac-nhan/", views.session_import_confirm, name="session_import_confirm"),
]
