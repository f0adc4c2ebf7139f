from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("dao-tao/", views.training_list_view, name="training_list"),
    path("dao-tao/moi/", views.training_new, name="training_new"),
    path("dao-tao/<uuid:training_id>/", views.training_detail, name="training_detail"),
    path("dao-tao/<uuid:training_id>/sua/", views.training_edit, name="training_edit"),
    path("dao-tao/<uuid:training_id>/hoc-vien/", views.training_participants, name="training_participants"),
    path("thanh-tra/", views.inspection_list_view, name="inspection_list"),
    path("thanh-tra/moi/", views.inspection_new, name="inspection_new"),
    path("thanh-tra/<uuid:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("thanh-tra/<uuid:inspection_id>/sua/", views.inspection_edit, name="inspection_edit"),
    path("thanh-tra/<uuid:inspection_id>/kien-nghi/", views.recommendation_new, name="recommendation_new"),
    path(
        "kien-nghi/<uuid:recommendation_id>/theo-doi/",
        views.recommendation_follow_up_view,
        name="recommendation_follow_up",
    ),
    path("kien-nghi/qua-han/", views.overdue_view, name="overdue"),
    path("so-tong-ket/", views.review_list_view, name="review_list"),
    path("so-tong-ket/moi/", views.review_new, name="review_new"),
    path("so-tong-ket/<uuid:review_id>/", views.review_detail, name="review_detail"),
    path("so-tong-ket/<uuid:review_id>/sua/", views.review_edit, name="review_edit"),
    path("so-tong-ket/<uuid:review_id>/so-lieu/", views.review_figure_new, name="review_figure_new"),
    path("so-tong-ket/<uuid:review_id>/tinh-so-lieu/", views.review_figures_fill, name="review_figures_fill"),
    path("so-tong-ket/<uuid:review_id>/tai-ve/", views.review_download, name="review_download"),
    path("so-lieu/<uuid:figure_id>/xoa/", views.review_figure_delete, name="review_figure_delete"),
]
