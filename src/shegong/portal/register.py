"""The public register's pages (REG-5): search, and bulk verification of a file of numbers.

Both read through ``registry.services.public`` (as the public API does) and are rate-limited
per client IP (``portal.ratelimit``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.core.jobs import start_job
from shegong.core.limits import upload_size_problem
from shegong.core.tabular import FileProblem, TooManyRows, read_table
from shegong.organisations.models import Organisation
from shegong.registry.services import public

from .exports import results_xlsx, verify_in_chunks
from .ratelimit import client_ip, hit, ratelimit, too_many_requests

#: Numbers verified inside the request; larger files go to a background job (signed-in users).
INLINE_MAX = 2000
#: Numbers one file may hold at all (a background job for a signed-in user).
FILE_MAX = 50000
HEADER_NAMES = {
    "登记编号",
    "证书编号",
    "编号",
    "number",
    "register number",
    "certificate number",
}


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Register number, certificate number or full name"),
        max_length=50,
        required=False,
    )
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Organisation"), required=False, coerce=int, empty_value=None
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everywhere = [("", _("All"))]
        districts = Area.objects.filter(level="district", is_active=True).order_by("code")
        self.fields["district"].choices = everywhere + [(a.code, a.name) for a in districts]
        organisations = (
            Organisation.objects.filter(is_active=True).only("id", "name").order_by("name")
        )
        self.fields["organisation"].choices = everywhere + [(o.pk, o.name) for o in organisations]
        for name, field in self.fields.items():
            if name != "page":
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs["class"] = css


@ratelimit("public_register_page")
def register(request):
    """REG-5: the public register, searched by number or exact full name."""
    form = RegisterSearchForm(request.GET or None)
    result = None
    message = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        result = public.search_register(
            data["q"],
            district=data["district"] or None,
            organisation=data["organisation"],
            page=data["page"] or 1,
        )
        if result.problem:
            message = public.problem_message(result.problem)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/register.html",
        {
            "title": _("Public register of social workers"),
            "form": form,
            "result": result,
            "message": message,
            "querystring": query.urlencode(),
        },
    )


class BulkVerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        required=False,
        help_text=gettext_lazy(
            "The first column, or a column headed 登记编号, 证书编号 or number, holds the "
            "register or certificate numbers."
        ),
    )
    numbers = forms.CharField(
        label=gettext_lazy("Or paste numbers, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, max_numbers: int = FILE_MAX, signed_in: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_numbers = max_numbers
        self.signed_in = signed_in
        self.fields["file"].widget.attrs["class"] = "form-control"
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["numbers"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            # Issue 10: the size before the file is read, the count of rows while it is read.
            too_large = upload_size_problem(upload.size, "public_verify")
            if too_large:
                raise forms.ValidationError(too_large)
            try:
                data["parsed"] = read_numbers(upload, self.max_numbers)
            except TooManyRows:
                raise forms.ValidationError(
                    over_limit(None, self.max_numbers, self.signed_in)
                ) from None
            except FileProblem as exc:
                raise forms.ValidationError(exc.message) from None
        else:
            data["parsed"] = [
                line.strip() for line in data.get("numbers", "").splitlines() if line.strip()
            ]
        if not data["parsed"]:
            raise forms.ValidationError(_("Upload a file or paste numbers to verify."))
        return data


def _first_column(rows: list[list]) -> list[str]:
    """The numbers of a sheet: a column named like :data:`HEADER_NAMES`, else the first."""
    if not rows:
        return []
    header = [str(c or "").strip().lower() for c in rows[0]]
    column = next((i for i, h in enumerate(header) if h in HEADER_NAMES), None)
    if column is None:
        column = 0
        body = rows if public.looks_like_number(header[0] if header else "") else rows[1:]
    else:
        body = rows[1:]
    values = (str(row[column]).strip() if len(row) > column and row[column] else "" for row in body)
    return [v for v in values if v]


def read_numbers(upload, max_numbers: int = FILE_MAX) -> list[str]:
    """The numbers in an uploaded CSV or XLSX file (read by ``core.tabular``, as imports are);
    :class:`TooManyRows` as soon as the file holds more than ``max_numbers`` rows (the header
    aside)."""
    table = read_table(upload.read(), upload.name or "", max_rows=max_numbers)
    return _first_column([table.header, *(values for _number, values in table.rows)])


def bulk_verify(request):
    """REG-5 for employers: a file of register or certificate numbers in, statuses out."""
    form = BulkVerifyForm()
    results = None
    if request.method == "POST":
        wait = hit("public_verify_page", client_ip(request), settings.PUBLIC_VERIFY_RATE)
        if wait is not None:
            return too_many_requests(wait)
        signed_in = request.user.is_authenticated
        limit = FILE_MAX if signed_in else INLINE_MAX
        form = BulkVerifyForm(request.POST, request.FILES, max_numbers=limit, signed_in=signed_in)
        if form.is_valid():
            numbers = form.cleaned_data["parsed"]
            if len(numbers) > limit:
                form.add_error(None, over_limit(len(numbers), limit, signed_in))
            elif len(numbers) > INLINE_MAX:
                title = _("Register verification of %(n)d numbers") % {"n": len(numbers)}
                row = start_job("public_verify", request.user, {"numbers": numbers}, title)
                return redirect("core:job_detail", pk=row.pk)
            else:
                results = verify_in_chunks(numbers)
                if request.POST.get("format") == "xlsx":
                    name, content = results_xlsx(results)
                    response = HttpResponse(
                        content,
                        content_type="application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet",
                    )
                    response["Content-Disposition"] = f'attachment; filename="{name}"'
                    return response
    return render(
        request,
        "portal/bulk_verify.html",
        {
            "title": _("Verify many registrations at once"),
            "form": form,
            "results": results,
            "found": sum(1 for r in results if r["found"]) if results else 0,
            "numbers_text": "\n".join(r["number"] for r in results) if results else "",
            "inline_max": INLINE_MAX,
            "file_max": FILE_MAX,
        },
    )


def over_limit(count: int | None, limit: int, signed_in: bool) -> str:
    """The message refusing ``count`` numbers (``None``: more than ``limit``, the file was not
    read to its end)."""
    if count is None:
        if signed_in:
            return _("A file may hold at most %(limit)d numbers; this one has more.") % {
                "limit": limit
            }
        return _(
            "Without signing in, a file may hold at most %(limit)d numbers; this one has more. "
            "Split the file, or sign in to verify larger files in the background."
        ) % {"limit": limit}
    if signed_in:
        return _("A file may hold at most %(limit)d numbers; this one has %(count)d.") % {
            "limit": limit,
            "count": count,
        }
    return _(
        "Without signing in, a file may hold at most %(limit)d numbers; this one has "
        "%(count)d. Split the file, or sign in to verify larger files in the background."
    ) % {"limit": limit, "count": count}


urlpatterns = [
    path("public-register/", register, name="register"),
    path("public-register/verify/", bulk_verify, name="bulk_verify"),
]
