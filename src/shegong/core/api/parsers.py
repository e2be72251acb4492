"""The API's JSON parser: DRF's, with the nesting of a body bounded (issue 10).

Python's ``json`` raises ``RecursionError`` on a body nested about a thousand levels deep,
which DRF does not catch (a 500, also on the anonymous public verification). No request of
this API nests more than a few levels, so a body deeper than ``settings.SHEGONG_MAX_JSON_DEPTH``
(32 by default) is refused with a 400 that says so.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def json_depth(value) -> int:
    """How deeply ``value`` nests lists and objects (a scalar is 0, ``[]`` is 1)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.SHEGONG_MAX_JSON_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
            too_deep = json_depth(data) > limit
        except RecursionError:
            too_deep = True
        if too_deep:
            raise ParseError(
                _(
                    "The JSON body is nested too deeply: lists and objects may nest at most "
                    "%(max)d levels."
                )
                % {"max": limit}
            )
        return data
