from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from shegong.core.forms import style_widgets
from shegong.core.permissions import restrict
from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from shegong.core.views.generic import apply_validation_error, get_restricted_or_404

from . import lockout, services
from .forms import MembershipForm, ProfileForm, TokenForm, UserCreateForm, UserForm
from .models import ApiToken, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_widgets(form)  # full-width fields, as every other form
        return form

    def form_invalid(self, form):
        """After a failed sign-in, warn on the last attempts before the lockout (issue 12).

        The count is django-axes's own (per user name and client address), for any name
        typed, so the warning tells nothing about whether an account of that name exists."""
        username = form.cleaned_data.get("username") if hasattr(form, "cleaned_data") else None
        left = lockout.attempts_left(self.request, username) if username else None
        if left is not None and 0 < left <= lockout.WARN_FROM:
            return self.render_to_response(
                self.get_context_data(form=form, form_warning=lockout.warning(self.request, left))
            )
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """The page of a locked sign-in (``AXES_LOCKOUT_CALLABLE``): how long, and until when."""
    minutes, ends_at = lockout.lock_ends(request)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "title": _("Sign-in locked"),
            "duration": lockout.duration_text(minutes),
            "ends_at": ends_at,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_widgets(form)
        return form

    def form_valid(self, form):
        user = services.set_password(
            self.request.user,
            self.request.user,
            form.cleaned_data["new_password1"],
            _("Changed own password"),
        )
        update_session_auth_hash(self.request, user)  # the stored user, with its new hash
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.success_url)


@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "title": _("My account"),
            "memberships": user.memberships.select_related("area", "organisation"),
        },
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_own_contact(
                request.user,
                form.changed_data_dict(),
                form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data.get("version"),
                current_password=form.cleaned_data.get("current_password"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "core/record_form.html",
        {"form": form, "title": _("My details"), "list_url": reverse("accounts:profile")},
    )


@login_required
def token_list(request):
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.issue_token(
                request.user, request.user, form.cleaned_data["name"], form.cleaned_data["days"]
            )
        except ValidationError as exc:
            form.add_error("days", exc.message_dict.get("days", exc.messages))
        else:
            form = TokenForm()
    tokens = restrict(ApiToken.objects.filter(user=request.user), request.user, "view")
    return render(
        request,
        "accounts/token_list.html",
        {
            "title": _("API tokens"),
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_restricted_or_404(ApiToken, request.user, "change", pk)
    try:
        services.revoke_token(request.user, token, request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("accounts:token_list")


class UserListView(RecordListView):
    pass


class UserDetailView(RecordDetailView):
    template_name = "accounts/user_detail.html"
    detail_fields = (
        "username",
        "last_name",
        "first_name",
        "email",
        "phone",
        "area",
        "organisation",
        "is_active",
        "last_login",
        "date_joined",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = restrict(
            self.object.memberships.select_related("area", "organisation"),
            self.request.user,
            "view",
        )
        # Who may change whom (issue 10): the edit, grant and reset buttons follow the service.
        ctx["can_manage"] = services.may_manage(self.request.user, self.object)
        ctx["can_change"] = ctx["can_change"] and ctx["can_manage"]
        return ctx


class UserCreateView(RecordCreateView):
    form_class = UserCreateForm
    create_service = staticmethod(services.create_user_from_form)

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:  # saved: now let the person choose their password
            return redirect("accounts:user_password_reset", self.object.pk)
        return response


class UserUpdateView(RecordUpdateView):
    form_class = UserForm
    update_service = staticmethod(services.update_user)

    def get_object(self, queryset=None):
        user = super().get_object(queryset)
        if queryset is None:
            services.ensure_may_manage(self.request.user, user)  # 403 before the form shows
        return user


class PasswordResetStartView(LoginRequiredMixin, generic.DetailView):
    """An administrator starts a password reset for a user they may manage: the link is
    e-mailed, or shown once on this page (issue 10)."""

    model = User
    template_name = "accounts/password_reset_start.html"

    def get_object(self, queryset=None):
        user = get_restricted_or_404(User, self.request.user, "view", self.kwargs["pk"])
        services.ensure_may_manage(self.request.user, user)
        return user

    def get_context_data(self, **kwargs):
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        return super().get_context_data(title=_("Reset password"), hours=hours, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            started = services.start_password_reset(
                request.user,
                self.object,
                request.POST.get("reason", "")[:500],
                absolute=request.build_absolute_uri,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("accounts:user_detail", self.object.pk)
        ctx = self.get_context_data(object=self.object, started=started)
        response = self.render_to_response(ctx)
        response["Cache-Control"] = "no-store"  # the link is shown once
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The person opens the one-time link and chooses a password (password policy applies)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_widgets(form)
        return form

    def form_valid(self, form):
        services.complete_password_reset(self.user, form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password was set. Sign in with it."))
        return redirect(self.success_url)


class MembershipCreateView(RecordCreateView):
    form_class = MembershipForm
    create_service = staticmethod(services.create_membership)

    def get_initial(self):
        return {"user": self.request.GET.get("user")}


class MembershipListView(RecordListView):
    pass


class MembershipDetailView(RecordDetailView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The buttons follow the services (issue 10: who may change whom, no self-grants).
        user, membership = self.request.user, self.object
        ctx["can_change"] = ctx["can_change"] and services.may_change_membership(user, membership)
        ctx["can_delete"] = ctx["can_delete"] and services.may_change_membership(
            user, membership, ending=True
        )
        return ctx


class MembershipUpdateView(RecordUpdateView):
    form_class = MembershipForm
    update_service = staticmethod(services.update_membership)

    def get_object(self, queryset=None):
        membership = super().get_object(queryset)
        if queryset is None:
            services.ensure_may_change_membership(self.request.user, membership)
        return membership


class MembershipDeleteView(RecordDeleteView):
    delete_service = staticmethod(services.end_membership)

    def post(self, request, *args, **kwargs):
        self.get_object()  # absent (404) or not the caller's to delete (403), as for GET
        try:
            return super().post(request, *args, **kwargs)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("accounts:membership_list")
