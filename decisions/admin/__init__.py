"""Back office for decisions: the forms and their content, the rows only the services write, who holds which office
and how each body numbers its decisions, and what decisions add to the grants pages."""

from decisions.admin import authority, content, grants, service_records  # noqa: F401 - each registers its pages
from decisions.admin.content import decision_is_frozen, may_see_part_2
from decisions.admin.service_records import ServiceRecordAdmin

__all__ = ["ServiceRecordAdmin", "decision_is_frozen", "may_see_part_2"]
