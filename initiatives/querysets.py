from django.db import models
from django.utils import timezone


class RoundQuerySet(models.QuerySet):
    def current(self):
        """The open round: the newest one whose implementation has not ended, else the newest."""
        today = timezone.localdate()
        return (
            self.filter(implementation_end__gte=today).order_by("-submission_opens", "-id").first()
            or self.order_by("-submission_opens", "-id").first()
        )


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a user may read: bureau staff and leadership all, agency users their own agency."""
        if not user.is_authenticated:
            return self.none()
        if user.is_reviewer or user.is_bureau_admin or user.is_leadership:
            return self
        if (user.is_agency_operator or user.is_agency_head) and user.agency_id:
            return self.filter(agency_id=user.agency_id)
        return self.none()

    def of_round(self, round_):
        return self.filter(round=round_)

    def for_list(self):
        return self.select_related("agency", "change_area", "round")

    def for_detail(self):
        """The detail page's quick win with the rows its sections and panels share, loaded once.

        Indicators, milestones, evidence and status changes land in the prefetch cache, so
        the page, `submission_problems()`, the monitoring panels (each milestone's files come
        from the quick win's evidence), the achievement panel, the review panel's decisions
        and the timeline read them with `.all()` instead of querying again (one query each,
        whatever the count). Higher apps add their own rows through
        `extensions.register_detail_prefetch` (monitoring: the progress reports).
        """
        from .extensions import detail_prefetches
        from .models import Evidence, Milestone, StatusChange

        return self.for_list().prefetch_related(
            "related_areas",
            "indicators",
            models.Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related(
                    "completed_by", "verified_by", "sent_back_by"
                ),
            ),
            models.Prefetch(
                "evidence", queryset=Evidence.objects.select_related("uploaded_by", "milestone")
            ),
            models.Prefetch(
                "status_changes", queryset=StatusChange.objects.select_related("actor")
            ),
            *detail_prefetches(),
        )

    def with_progress(self, today=None):
        """Annotate progress_pct, verified_pct, planned_pct, has_long_overdue and health (None
        unless the quick win is being carried out: `core.health`)."""
        from core.health import health_case

        from .progress import progress_annotations

        today = today or timezone.localdate()
        return self.annotate(**progress_annotations(today)).annotate(
            health=health_case(status="status")
        )
