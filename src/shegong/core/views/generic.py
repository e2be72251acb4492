"""List (filter, sort, paginate, export), detail (with history), create, edit and delete.

Every queryset goes through ``restrict(user, action)``; every write goes through a service
(``core.services`` by default; a concrete view names its own with ``create_service`` /
``update_service`` / ``delete_service``). URLs are named ``<app>:<model>_<action>``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.forms import modelform_factory
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import audit, services, workflow
from ..display import field_display, history_label, history_value
from ..forms import RecordForm
from ..permissions import can, can_any, restrict
from ..privacy import mask_field
from ..registry import filterset_for, table_for


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


@dataclass(frozen=True)
class Action:
    """A workflow button on a list page (``pk=False``) or a record's page.

    Shown when the user holds ``permission`` on the model (list) or the record (detail) and,
    on a record, when ``when(record)`` is true (e.g. only a registered entry can be renewed)
    and, for a decision (``transition``), when the user did not make the request and it is not
    about them (``core.workflow``). The service behind the button checks everything again.

    ``permission`` may also be a function ``(user, record or model) -> bool``: the same check
    as the page behind the button makes (e.g. "an organisation's administrator", "a registrar
    in scope"), for a page that asks more than a model permission, so that no button leads to
    a refusal (issue 12, defect 2).
    """

    label: str
    url_name: str
    permission: str | Callable[[object, object], bool] = "change"
    when: Callable[[object], bool] | None = None
    style: str = "outline-primary"
    transition: str = ""

    def allowed(self, user, obj) -> bool:
        """The permission on a record (detail) or on any row of a model (list)."""
        if callable(self.permission):
            return bool(self.permission(user, obj))
        if isinstance(obj, type):
            return can_any(user, self.permission, obj)
        return can(user, self.permission, obj)

    def shown_on(self, user, obj) -> bool:
        return (
            (self.when is None or self.when(obj))
            and self.allowed(user, obj)
            and (not self.transition or workflow.may_decide(user, obj, self.transition))
        )

    def url(self, obj=None) -> str:
        return reverse(self.url_name, args=[obj.pk]) if obj is not None else reverse(self.url_name)


def list_url(model) -> str:
    """The model's list page, or "" for a model that has none (e.g. a person's education)."""
    try:
        return reverse(url_name(model, "list"))
    except NoReverseMatch:
        return ""


def apply_validation_error(form, exc: ValidationError) -> None:
    """Put a model's validation errors next to the form fields they belong to."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def private_values_shown(history, private) -> list[str]:
    """The private fields with a value in the ``(record, [(name, old, new)])`` of a History
    tab (what a read record of it names)."""
    return sorted(
        {
            name
            for _record, changes in history
            for name, old, new in changes
            if name in private and (old not in (None, "") or new not in (None, ""))
        }
    )


class RecordMixin(LoginRequiredMixin):
    model = None
    action = "view"
    #: The actions that have views for this model (set by :func:`model_urls`).
    available_actions: tuple[str, ...] = ()
    #: Workflow buttons (:class:`Action`) shown on the page.
    actions: tuple[Action, ...] = ()

    def get_queryset(self):
        return restrict(self.model._default_manager.all(), self.request.user, self.action)

    def get_object(self, queryset=None):
        # As in the API: a row the user cannot see is absent (404); a row they see but may not
        # change or delete is forbidden (403).
        if queryset is not None or self.action == "view":
            return super().get_object(queryset)
        user = self.request.user
        obj = super().get_object(restrict(self.model._default_manager.all(), user, "view"))
        if not can(user, self.action, obj):
            raise PermissionDenied
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        user = self.request.user
        ctx.update(
            model_meta=meta,
            title=meta.verbose_name_plural,
            list_url=list_url(self.model),
            can_add=can_any(user, "add", self.model) and self.has_view("add"),
        )
        return ctx

    def has_view(self, action: str) -> bool:
        return action in getattr(self, "available_actions", ())


def estimated_count(queryset) -> int | None:
    """The planner's estimate of the rows ``queryset`` gives (PostgreSQL: ``EXPLAIN``, which
    reads the table's statistics and costs no scan); ``None`` on other databases.

    What is explained is the rows' keys without their order or their related records (as
    ``count()`` strips them): planning a pay record's seven-way join with its sort took 7 ms,
    on every page (issue 13); the joins the filters need stay."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        keys = queryset.order_by().select_related(None).values("pk")
        sql, params = keys.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (e.g. none of the user's rows)
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator that does not count a large table (issue 13): below :attr:`EXACT_BELOW`
    rows by the planner's estimate, and on SQLite, it counts as usual; above, it takes the
    estimate, rounded to two significant figures, and says so (:attr:`estimated`, shown as
    "about N records"). For append-only lists that only grow, such as the audit trail, whose
    ``COUNT(*)`` would read every record on every view."""

    EXACT_BELOW = 10_000
    estimated = False

    @cached_property
    def count(self) -> int:
        # django-tables2 paginates its rows; the queryset is their data's data.
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        estimate = estimated_count(queryset) if hasattr(queryset, "query") else None
        if estimate is None or estimate < self.EXACT_BELOW:
            return super().count
        self.estimated = True
        digits = len(str(estimate)) - 2
        return round(estimate, -digits)


class RecordListView(RecordMixin, SingleTableMixin, FilterView):
    template_name = "core/record_list.html"
    filterset_class = None
    table_class = None
    #: ``"exact"``: the list counts its rows; ``"estimate"``: beyond 10,000 rows it shows the
    #: database's estimate ("about N records", :class:`EstimatedCountPaginator`), for lists that
    #: only grow (the audit trail).
    count = "exact"

    def get_filterset_class(self):
        return self.filterset_class or filterset_for(self.model)

    def get_queryset(self):
        return self.get_table_class().prepare(super().get_queryset())

    def get_table_class(self):
        return self.table_class or table_for(self.model)

    def get(self, request, *args, **kwargs):
        if "per_page" in request.GET:
            # django-tables2 reads ``per_page`` from the query string itself (a negative one
            # was a 500, issue 10): it sees the bounded value, and so do the page's links.
            query = request.GET.copy()
            query["per_page"] = str(self.request_per_page())
            request.GET = query
        return super().get(request, *args, **kwargs)

    def get_table_pagination(self, table):
        if self.count == "estimate":
            return {"per_page": self.request_per_page(), "paginator_class": EstimatedCountPaginator}
        return {"per_page": self.request_per_page()}

    def request_per_page(self) -> int:
        """``?per_page=``, bounded to 10–200; the default for anything that is not a number."""
        default = settings.LIST_PAGE_SIZE
        try:
            return max(10, min(int(self.request.GET.get("per_page", default)), 200))
        except ValueError:
            return default

    def get_template_names(self):
        if self.request.htmx:
            return ["core/partials/record_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_export"] = can_any(self.request.user, "export", self.model)
        ctx["model_label"] = self.model._meta.label_lower
        ctx["querystring"] = self.request.GET.urlencode()
        ctx["add_url"] = reverse(url_name(self.model, "add")) if ctx["can_add"] else ""
        user = self.request.user
        ctx["workflow_actions"] = [
            (a, a.url()) for a in self.actions if a.allowed(user, self.model)
        ]
        return ctx


class RecordDetailView(RecordMixin, generic.DetailView):
    template_name = "core/record_detail.html"
    #: Field names shown on the detail page (default: every concrete field).
    detail_fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        show_private = can(user, "view_private", obj)
        private = list(getattr(obj, "PRIVATE_FIELDS", ()))
        rows = []
        for field in self.shown_fields():
            value = getattr(obj, field.name)
            display = getattr(obj, f"get_{field.name}_display", None)
            if field.name in private and not show_private:
                value = mask_field(self.model, field.name, value)
            elif display is not None:
                value = display()
            else:  # as a person reads it: no dict, True/False or UTC timestamp (issue 12)
                value = field_display(obj, field)
            rows.append((field.verbose_name, None if value == "" else value))
        tab = self.request.GET.get("tab", "detail")
        history = self.history(obj, show_private) if tab == "history" else None
        if private and show_private:
            if tab != "history":
                audit.record_read(user, obj, private)
            elif shown := private_values_shown(history, private):
                # The History tab shows old and new values in full too: a read (issue 10).
                audit.record_read(user, obj, shown, _("history tab"))
        if history is not None:  # fields by their names as a person reads them (issue 12)
            history = [
                (record, [(history_label(obj, n), old, new) for n, old, new in changes])
                for record, changes in history
            ]
        ctx["workflow_actions"] = [(a, a.url(obj)) for a in self.actions if a.shown_on(user, obj)]
        ctx.update(
            title=str(obj),
            rows=rows,
            tab=tab,
            history=history,
            can_change=can(user, "change", obj) and self.has_view("edit"),
            can_delete=can(user, "delete", obj) and self.has_view("delete"),
            edit_url=reverse(url_name(self.model, "edit"), args=[obj.pk])
            if self.has_view("edit")
            else "",
            delete_url=reverse(url_name(self.model, "delete"), args=[obj.pk])
            if self.has_view("delete")
            else "",
        )
        return ctx

    def shown_fields(self):
        fields = [f for f in self.model._meta.concrete_fields if f.name != "id"]
        hidden = {"password", "version", "signature"}
        if self.detail_fields:
            by_name = {f.name: f for f in fields}
            return [by_name[n] for n in self.detail_fields]
        # The record's own facts first; who created and changed it, and when, last.
        bookkeeping = ("created_at", "updated_at", "created_by", "updated_by")
        shown = [f for f in fields if f.name not in hidden]
        return sorted(shown, key=lambda f: f.name in bookkeeping)

    def history(self, obj, show_private: bool):
        private = set(getattr(obj, "PRIVATE_FIELDS", ()))
        entries = []
        for record in audit.history_entries(obj, limit=200):
            changes = []
            for name in record.changed_fields:
                if name in ("updated_at", "version", "updated_by"):
                    continue
                old = (record.before or {}).get(name)
                new = (record.after or {}).get(name)
                if name in private and not show_private:
                    old, new = mask_field(obj, name, old), mask_field(obj, name, new)
                else:  # as a person reads them (issue 12, defect 6)
                    old, new = history_value(obj, name, old), history_value(obj, name, new)
                changes.append((name, old, new))
            entries.append((record, changes))
        return entries


class RecordFormMixin(RecordMixin):
    template_name = "core/record_form.html"
    fields: tuple[str, ...] = ()
    form_class = None

    def get_form_class(self):
        if self.form_class:
            return self.form_class
        return modelform_factory(self.model, form=RecordForm, fields=self.fields)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not make this change."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(reverse(url_name(self.model, "detail"), args=[self.object.pk]))


class RecordCreateView(RecordFormMixin, generic.CreateView):
    action = "add"
    create_service = staticmethod(services.create_record)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return self.create_service(
            self.request.user,
            self.model,
            form.changed_data_dict(),
            form.cleaned_data.get("reason", ""),
            m2m=form.m2m_dict(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("New %(model)s") % {"model": self.model._meta.verbose_name}
        return ctx


class RecordUpdateView(RecordFormMixin, generic.UpdateView):
    action = "change"
    update_service = staticmethod(services.update_record)

    def save(self, form):
        return self.update_service(
            self.request.user,
            self.get_object(),
            form.changed_data_dict(),
            form.cleaned_data.get("reason", ""),
            expected_version=form.cleaned_data.get("version"),
            m2m=form.m2m_dict(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit %(name)s") % {"name": self.object}
        return ctx


class RecordDeleteView(RecordMixin, generic.DetailView):
    action = "delete"
    template_name = "core/record_confirm_delete.html"
    delete_service = staticmethod(services.delete_record)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.delete_service(request.user, obj, request.POST.get("reason", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(reverse(url_name(self.model, "detail"), args=[obj.pk]))
        messages.success(request, _("Deleted: %(name)s") % {"name": obj})
        return HttpResponseRedirect(list_url(self.model) or "/")


class RecordActionView(LoginRequiredMixin, generic.FormView):
    """A form about one record that calls one service function (``perform``).

    The record comes from ``restrict(user, "view")`` (404 when out of reach); ``action`` is
    the permission the page needs on it (403 when the user sees it but may not act). A page
    taking a decision names its ``transition``: the maker of the request and the person it is
    about get 403 with the reason (``core.workflow``)."""

    model = None
    action = "change"
    transition = ""
    template_name = "core/record_action_form.html"
    title = ""
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("Saved: %(name)s")

    def get_object(self):
        if not hasattr(self, "_object"):
            obj = get_restricted_or_404(self.model, self.request.user, "view", self.kwargs["pk"])
            if self.action and not can(self.request.user, self.action, obj):
                raise PermissionDenied
            if self.transition:
                workflow.guard(self.request.user, obj, self.transition)
            self._object = obj
        return self._object

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title,
            object=self.object,
            submit_label=self.submit_label,
            back_url=self.object.get_absolute_url(),
            notes=self.notes(),
        )
        return ctx

    def notes(self) -> list[str]:
        return []

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not make this change."))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": result})
        return HttpResponseRedirect(result.get_absolute_url())

    def perform(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def model_urls(model, **views) -> list:
    """URL patterns ``<model>_<action>`` for the views given (list, detail, add, edit, delete).

    Each value is a view class or ``(view class, {class attributes})``.
    """
    name = model._meta.model_name
    routes = {
        "list": f"{name}s/",
        "detail": f"{name}s/<int:pk>/",
        "add": f"{name}s/new/",
        "edit": f"{name}s/<int:pk>/edit/",
        "delete": f"{name}s/<int:pk>/delete/",
    }
    patterns = []
    available = tuple(views)
    for action, spec in views.items():
        view_class, attrs = spec if isinstance(spec, tuple) else (spec, {})
        view = view_class.as_view(model=model, available_actions=available, **attrs)
        patterns.append(path(routes[action], view, name=f"{name}_{action}"))
    return patterns


def get_restricted_or_404(model, user, action: str, pk):
    try:
        return get_object_or_404(restrict(model._default_manager.all(), user, action), pk=pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
