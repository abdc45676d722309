from django.urls import path

from decisions.views import pages

app_name = "decisions"

urlpatterns = [
    path("inbox/", pages.inbox, name="inbox"),
    path("<int:pk>/", pages.decision_detail, name="detail"),
    path("<int:pk>/sign/", pages.decision_sign, name="sign"),
    path("<int:pk>/revisions/", pages.decision_revisions, name="revisions"),
    path("<int:pk>/<slug:action>/", pages.decision_action, name="action"),
    path("from-variation/<int:pk>/", pages.variation_draft_decision, name="draft_from_variation"),
]
