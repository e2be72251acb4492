"""Gap-free serial numbers per key, safe under concurrent writers (a locked counter row).

Call inside the transaction that uses the number, so a rolled-back write returns it.
"""

from django.db import transaction

from .models import Counter


@transaction.atomic
def next_values(key: str, count: int = 1) -> range:
    """Reserve ``count`` consecutive numbers for ``key``; returns them as a range."""
    counter, _ = Counter.objects.select_for_update().get_or_create(key=key)
    start = counter.value + 1
    counter.value += count
    counter.save(update_fields=["value"])
    return range(start, start + count)


def next_value(key: str) -> int:
    return next_values(key, 1)[0]
