from django.urls import include, path

from support import views

app_name = "support"
urlpatterns = [
    path("giay-to/", include("support.paperwork.urls")),
    path("che-do/", views.regime_catalogue_view, name="catalogue"),
    path("che-do/muc-cua-tinh/", views.provincial_rule_new, name="provincial_rule_new"),
    path("ho-so/<uuid:case_id>/quyet-dinh/", views.decision_new, name="decision_new"),
    path("ho-so/<uuid:case_id>/quyet-dinh/quy-tac/", views.rule_preview, name="rule_preview"),
    path("ho-so/<uuid:case_id>/don/", views.application_new, name="application_new"),
    path("don/<uuid:application_id>/rut/", views.application_withdraw, name="application_withdraw"),
    path("quyet-dinh/<uuid:decision_id>/chi-tra/", views.delivery_new, name="delivery_new"),
    path("ho-so/<uuid:case_id>/chuyen-gui/", views.referral_new, name="referral_new"),
    path("chuyen-gui/", views.referral_inbox_view, name="referral_inbox"),
    path("chuyen-gui/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("chuyen-gui/<uuid:referral_id>/phieu/", views.referral_slip_view, name="referral_slip"),
    path("chuyen-gui/<uuid:referral_id>/tiep-nhan/", views.referral_accept_view, name="referral_accept"),
    path("chuyen-gui/<uuid:referral_id>/tu-choi/", views.referral_decline_view, name="referral_decline"),
    path("chuyen-gui/<uuid:referral_id>/da-thuc-hien/", views.referral_deliver_view, name="referral_deliver"),
    path(
        "chuyen-gui/<uuid:referral_id>/ket-qua/", views.referral_offline_outcome_view, name="referral_offline_outcome"
    ),
]
