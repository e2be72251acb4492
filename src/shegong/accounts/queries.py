"""Read-side queries of accounts shared by other modules (no writes)."""

from .models import Membership, User


def holders(*roles):
    """The active users holding one of ``roles`` today (any scope): the candidates a work
    queue notifies (``core.notifications``), which then keeps those whose queue holds the row."""
    held = Membership.objects.in_force().filter(role__in=roles).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True)
