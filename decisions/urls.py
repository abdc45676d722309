from django.urls import path

from decisions.views import grant_records, pages, tasks

app_name = "decisions"

urlpatterns = [
    path("inbox/", pages.inbox, name="inbox"),
    path("<int:pk>/", pages.decision_detail, name="detail"),
    path("<int:pk>/sign/", pages.decision_sign, name="sign"),
    path("<int:pk>/revisions/", pages.decision_revisions, name="revisions"),
    path("<int:pk>/papers/<int:position>/", pages.supporting_paper, name="paper"),
    path("from-variation/<int:pk>/", pages.variation_draft_decision, name="draft_from_variation"),
    # Drafting, task by task.
    path("new/", tasks.decision_start, name="start"),
    path("<int:pk>/draft/", tasks.task_list, name="tasks"),
    path("<int:pk>/draft/summary/", tasks.task_summary, name="task_summary"),
    path("<int:pk>/draft/recommendations/", tasks.task_recommendations, name="task_recommendations"),
    path("<int:pk>/draft/sections/<slug:kind>/", tasks.task_section, name="task_section"),
    path("<int:pk>/draft/links/", tasks.task_links, name="task_links"),
    path("<int:pk>/draft/papers/", tasks.task_papers, name="task_papers"),
    path("<int:pk>/draft/public-access/", tasks.task_public_access, name="task_public_access"),
    path("<int:pk>/draft/part-2/", tasks.task_part_2, name="task_part_2"),
    path("<int:pk>/draft/part-2/<int:section_pk>/", tasks.task_part_2_item, name="task_part_2_item"),
    path("<int:pk>/draft/declarations/", tasks.task_declarations, name="task_declarations"),
    path("<int:pk>/draft/check/", tasks.task_check, name="task_check"),
    # Last of the decision's own pages: any other word after its number is a workflow step.
    path("<int:pk>/<slug:action>/", pages.decision_action, name="action"),
    # Recording on a grant what a decision did.
    path(
        "grants/<int:pk>/accepting-decision/",
        grant_records.grant_accepting_decision,
        name="record_grant_acceptance",
    ),
]
