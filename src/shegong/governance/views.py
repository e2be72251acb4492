"""The committee pages (GOV-2): generic lists and forms; a committee's page with its service
fields, the organisations and social workers it helps assess, and its members."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shegong.core.permissions import restrict
from shegong.core.views import RecordDetailView

from .models import CommitteeMember


class CommitteeDetailView(RecordDetailView):
    template_name = "governance/committee_detail.html"
    detail_fields = ("name", "department", "note", "is_active")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["rows"] += [
            (_("service fields"), ", ".join(f.name for f in obj.service_fields.all()) or None),
            (
                _("organisations it helps assess"),
                ", ".join(o.name for o in obj.organisations.all()) or None,
            ),
            (
                _("social workers it helps assess"),
                ", ".join(p.name for p in obj.social_workers.all()) or None,
            ),
        ]
        seats = CommitteeMember.objects.filter(committee=obj).select_related("user")
        ctx["seats"] = restrict(seats, self.request.user, "view")
        return ctx
