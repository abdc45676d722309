"""Signed records: they keep the addresses they had under /decisions/."""

from django.urls import path

from records import panel, portal, views

app_name = "records"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("sealed/", portal.sealed_list, name="sealed_list"),
    path("sealed/zip/", portal.sealed_zip, name="sealed_zip"),
    path("<int:pk>/preview.pdf", views.decision_preview, name="preview"),
    # Two segments: "<pk>/<slug>/" is a decision action in decisions.urls, which is included first.
    path("<int:pk>/seal/status/", panel.seal_panel, name="seal_panel"),
    path("<int:pk>/pdf/<slug:variant>/", views.sealed_document, name="document"),
    path("<int:pk>/part-1.json", views.part_1_json, name="part_1_json"),
]
