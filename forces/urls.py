from django.urls import path

from forces import views

app_name = "forces"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/draft-decision/", views.plan_draft_decision, name="plan_draft_decision"),
    path("decisions/<int:decision_pk>/plans/", views.decision_plan_link, name="decision_plan_link"),
    path("plans/<int:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("<slug:slug>/", views.force_detail, name="force"),
    path("<slug:slug>/statement-of-intent/", views.record_intent, name="record_intent"),
    path("<slug:slug>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("<slug:slug>/agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("<slug:slug>/agreements/<int:pk>/signature-blocks/new/", views.signatory_add, name="signatory_add"),
    path(
        "<slug:slug>/agreements/<int:pk>/signature-blocks/<int:signatory_pk>/",
        views.signatory_edit,
        name="signatory_edit",
    ),
    path("<slug:slug>/agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path(
        "<slug:slug>/agreements/<int:pk>/document/download/",
        views.agreement_document_download,
        name="agreement_document_download",
    ),
    path("<slug:slug>/agreements/<int:pk>/publication/", views.agreement_publication, name="agreement_publication"),
]
