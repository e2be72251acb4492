from django.contrib.auth import views as auth_views
from django.urls import path

from shegong.core.views import model_urls

from . import views
from .models import Membership, User

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "users/<int:pk>/password-reset/",
        views.PasswordResetStartView.as_view(),
        name="user_password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    *model_urls(
        User,
        list=views.UserListView,
        detail=views.UserDetailView,
        add=views.UserCreateView,
        edit=views.UserUpdateView,
    ),
    *model_urls(
        Membership,
        list=views.MembershipListView,
        detail=views.MembershipDetailView,
        add=views.MembershipCreateView,
        edit=views.MembershipUpdateView,
        delete=views.MembershipDeleteView,
    ),
]
