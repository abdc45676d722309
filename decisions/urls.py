from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/sign/", views.decision_sign, name="sign"),
    path("<int:pk>/revisions/", views.decision_revisions, name="revisions"),
    path("<int:pk>/<slug:action>/", views.decision_action, name="action"),
    path("from-variation/<int:pk>/", views.variation_draft_decision, name="draft_from_variation"),
]
