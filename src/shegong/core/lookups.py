"""``in`` on integer columns with values outside the column's range (issue 10: no 500 for any
input).

Django already turns ``exact``, ``gt``, ``gte``, ``lt`` and ``lte`` with an out-of-range integer
into "matches nothing" (or everything) instead of handing it to the driver, but not ``in``:
``?service_fields=-45449488524573310976`` reached SQLite as an ``OverflowError`` (PostgreSQL:
"integer out of range") through the model choice field's own check (``pk__in``), a 500. Such a
value can match no row, so it is left out of the list; a list left empty matches nothing. The
choice field then says which value is not a valid choice (400).

Registered on ``IntegerField`` (and so on every auto, big, small and foreign key id) when the
``core`` app is ready.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
