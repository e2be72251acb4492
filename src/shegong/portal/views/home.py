from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request):
    """The public front page; signed-in users also see their modules (from the menu)."""
    return render(request, "portal/home.html", {"title": _("Home")})
