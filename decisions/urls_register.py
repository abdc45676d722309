"""The public register of published decisions (no sign-in), and the governance list of what is due."""

from django.urls import path

from decisions import views_public
from decisions.feeds import PublishedDecisionsFeed

app_name = "register"

urlpatterns = [
    path("", views_public.register_list, name="list"),
    path("<int:pk>/", views_public.register_detail, name="detail"),
    path("feed.atom", PublishedDecisionsFeed(), name="feed"),
    path("data.json", views_public.open_data, name="open_data"),
    path("due/", views_public.publication_due, name="due"),
    path("due/<int:pk>/publish/", views_public.publish, name="publish"),
]
