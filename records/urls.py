"""Signed records: they keep the addresses they had under /decisions/."""

from django.urls import path

from records import portal, views

app_name = "records"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("sealed/", portal.sealed_list, name="sealed_list"),
    path("sealed/zip/", portal.sealed_zip, name="sealed_zip"),
    path("<int:pk>/preview.pdf", views.decision_preview, name="preview"),
    path("<int:pk>/pdf/<slug:variant>/", views.sealed_document, name="document"),
]
