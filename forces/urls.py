from django.urls import path

from forces import views

app_name = "forces"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/draft-decision/", views.plan_draft_decision, name="plan_draft_decision"),
    path("plans/<int:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("<slug:slug>/", views.force_detail, name="force"),
    path("<slug:slug>/statement-of-intent/", views.record_intent, name="record_intent"),
]
