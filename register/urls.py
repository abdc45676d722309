"""The public register of published decisions (no sign-in), and the governance list of what is due."""

from django.urls import path

from register import open_data, views
from register.feeds import PublishedDecisionsFeed

app_name = "register"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("<int:pk>/", views.register_detail, name="detail"),
    path("feed.atom", PublishedDecisionsFeed(), name="feed"),
    path("data.json", open_data.open_data, name="open_data"),
    path("data/all.json", open_data.open_data_all, name="open_data_all"),
    path("due/", views.publication_due, name="due"),
    path("due/<int:pk>/publish/", views.publish, name="publish"),
]
