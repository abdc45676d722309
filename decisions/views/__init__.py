"""Front-office pages for decisions: ``pages`` (the inbox, a decision read as its form, signing and workflow steps),
``tasks`` (drafting a decision as a task list) and ``grant_records`` (recording on a grant what a decision did)."""
