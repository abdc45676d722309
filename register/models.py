"""What the register stores for itself: the search index of signed decisions' public (Part 1) words."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL. SQLite keeps no search vector (its search reads the decisions themselves), so there
    it is a plain index, which SQLite can make."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class SearchEntry(models.Model):
    """One row is the searchable Part 1 of one signed decision: its reference, title, executive summary,
    recommendations and Part 1 paragraphs, never Part 2 or a confidential paper.

    Written when a decision is signed or published (its content is frozen from then on) and by
    ``manage.py build_search_index``; derived entirely from the decision, so it can always be built again. Only the
    public register's own filter (published decisions) decides what the public can find through it.
    """

    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    # The reference as letters and digits only, in capitals ("PCD1838"), so "pcd 1838" and "PCD1838" find it exactly.
    reference_key = models.CharField(_("reference, letters and digits"), max_length=40, db_index=True)
    # The Part 1 words after the title (summary, recommendations, paragraphs), for the highlighted extract.
    body = models.TextField(_("Part 1 text"), blank=True)
    # Weighted: reference and title (A), executive summary (B), recommendations (C), Part 1 paragraphs (D).
    vector = SearchVectorField(_("search vector"), null=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [PostgresGinIndex(fields=["vector"], name="register_search_vector")]

    def __str__(self) -> str:
        return self.reference_key
