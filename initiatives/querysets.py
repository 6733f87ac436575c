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

        Indicators, milestones and progress reports land in the prefetch cache, so the page,
        `submission_problems()`, the monitoring panels, the achievement panel and the timeline
        read them with `.all()` instead of querying again (one query each, whatever the count).
        """
        from .models import Milestone, ProgressReport

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
                "progress_reports",
                queryset=ProgressReport.objects.select_related("submitted_by", "read_by"),
            ),
        )

    def with_progress(self, today=None):
        """Annotate progress_pct, verified_pct, planned_pct, has_long_overdue and health."""
        from .health import health_case, progress_annotations

        today = today or timezone.localdate()
        return self.annotate(**progress_annotations(today)).annotate(health=health_case())
