from django.urls import path

import decisions.views_portal as views_portal
from decisions import views

app_name = "decisions"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("verify/", views.verify, name="verify"),
    path("sealed/", views_portal.sealed_list, name="sealed_list"),
    path("sealed/zip/", views_portal.sealed_zip, name="sealed_zip"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/sign/", views.decision_sign, name="sign"),
    path("<int:pk>/preview.pdf", views.decision_preview, name="preview"),
    path("<int:pk>/pdf/<slug:variant>/", views.sealed_document, name="document"),
    path("<int:pk>/<slug:action>/", views.decision_action, name="action"),
    path("from-variation/<int:pk>/", views.variation_draft_decision, name="draft_from_variation"),
]
