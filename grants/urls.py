from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.grant_list, name="list"),
    path("add/", views.grant_add, name="add"),
    path("<int:pk>/", views.grant_detail, name="detail"),
    path("<int:pk>/variations/new/", views.variation_record, name="record_variation"),
    path("<int:pk>/variations/<int:sequence>/correct/", views.variation_correct, name="correct_variation"),
    path("<int:pk>/variations/<int:sequence>/letter/", views.variation_letter, name="variation_letter"),
]
