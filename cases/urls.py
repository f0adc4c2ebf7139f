from django.urls import path

from cases.views import cases, documents, follow_up, identification, intake

app_name = "cases"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("tim-kiem/", cases.case_search_start, name="search"),
    path("tiep-nhan/", intake.intake_new, name="intake_new"),
    path("tiep-nhan/trung-khop/", intake.intake_matches, name="intake_matches"),
    path("tiep-nhan/xa-phuong/", intake.commune_options, name="commune_options"),
    path("<uuid:case_id>/", cases.case_detail, name="detail"),
    path("<uuid:case_id>/tai-lieu/them/", documents.document_upload_view, name="document_upload"),
    path("tai-lieu/<uuid:document_id>/", documents.document_download, name="document_download"),
    path("<uuid:case_id>/tiep-nhan-them/", intake.intake_attach_view, name="intake_attach"),
    path("<uuid:case_id>/dong-y/", intake.consent_record_view, name="consent_record"),
    path("<uuid:case_id>/xac-minh/gui/", identification.verification_send, name="verification_send"),
    path("xac-minh/thoi-han/", identification.verification_deadline, name="verification_deadline"),
    path("xac-minh/", identification.verification_inbox_page, name="verification_inbox"),
    path("xac-minh/<uuid:request_id>/", identification.verification_answer, name="verification_answer"),
    path("xac-minh/<uuid:request_id>/huy/", identification.verification_cancel, name="verification_cancel"),
    path("<uuid:case_id>/tham-hoi/", follow_up.visit_record, name="visit_record"),
    path("<uuid:case_id>/danh-gia/", follow_up.assessment_record, name="assessment_record"),
    path("<uuid:case_id>/dong-ho-so/", follow_up.close, name="case_close"),
    path("<uuid:case_id>/mo-lai/", follow_up.reopen, name="case_reopen"),
]
