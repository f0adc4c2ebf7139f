"""Importing a list: upload, columns, dry run, import, error report. Thin: selectors and services do the work."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from agencies import capabilities as cap
from core.errors import PERMISSION_DENIED, DomainError
from core.http import acting_user, http_error_for, or_http_error, require_capability
from imports.background import progress_get
from imports.files import write_csv, write_xlsx
from imports.forms import MappingForm, UploadForm
from imports.models import BatchStatus, ImportBatch
from imports.policies import importing_membership
from imports.selectors import (
    SHOW_ALL,
    SHOW_MATCHES,
    SHOW_PROBLEMS,
    SHOWS,
    batch_dry_run_page,
    batch_error_report,
    batch_for_action,
    mapping_initial,
)
from imports.services import (
    import_batch_accept_sure,
    import_batch_check,
    import_batch_decide,
    import_batch_map,
    import_batch_recover,
    import_batch_start,
    import_batch_upload,
)
from people.display import names_shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOW_LABELS = [
    (SHOW_ALL, _("All rows")),
    (SHOW_PROBLEMS, _("Only rows with problems")),
    (SHOW_MATCHES, _("Only probable matches")),
]


def _batch(request: HttpRequest, batch_id: uuid.UUID) -> ImportBatch:
    return or_http_error(batch_for_action, actor=request.user, batch_id=batch_id)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, cap.CASE_CREATE)
    if importing_membership(request.user) is None:  # type: ignore[arg-type]
        raise PermissionDenied(PERMISSION_DENIED.message)  # border guards record intakes one by one
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batch = form.submit(
            import_batch_upload,
            actor=request.user,
            sender_agency=data["sender_agency"],
            letter_number=data["letter_number"],
            letter_date=data["letter_date"],
            file_name=data["file"].name,
            content=data["file"].read(),
        )
        if batch is not None:
            return redirect("imports:mapping", batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def mapping(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = _batch(request, batch_id)
    if batch.status != BatchStatus.DRY_RUN:
        return redirect("imports:dry_run", batch.pk)
    form = MappingForm(request.POST or None, batch=batch, initial_mapping=mapping_initial(batch))
    if request.method == "POST" and form.is_valid():
        mapped = form.submit(import_batch_map, actor=request.user, batch=batch, mapping=form.mapping())
        if mapped is not None:
            return redirect("imports:dry_run", batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/mapping.html", {"batch": batch, "form": form}, status=status)


def _page_url(batch: ImportBatch, page: int | str = 1, show: str = SHOW_ALL) -> str:
    query = urlencode({"trang": page, "loc": show if show in SHOWS else SHOW_ALL})
    return f"{reverse('imports:dry_run', args=[batch.pk])}?{query}"


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


@require_GET
@login_required
def dry_run(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The dry run a page at a time (its findings stored on the rows), or the import's progress or outcome."""
    batch = _batch(request, batch_id)
    if not batch.mapping:
        return redirect("imports:mapping", batch.pk)
    if batch.status == BatchStatus.DRY_RUN and batch.checked_at is None:
        batch = import_batch_check(actor=acting_user(request), batch=batch)
    batch = import_batch_recover(batch=batch)
    run = batch_dry_run_page(
        actor=acting_user(request),
        batch=batch,
        page=_page_number(request.GET.get("trang")),
        show=request.GET.get("loc", SHOW_ALL),
    )
    return render(
        request,
        "imports/dry_run.html",
        {"run": run, "batch": batch, "show_names": names_shown(request), "shows": SHOW_LABELS},
    )


@require_GET
@login_required
def progress(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The "n / N rows" of a running import, polled by htmx; once it is over, the page reloads."""
    batch = import_batch_recover(batch=_batch(request, batch_id))
    if batch.status != BatchStatus.IMPORTING:
        return HttpResponseClientRedirect(_page_url(batch))
    return render(request, "imports/_progress.html", {"batch": batch, "progress": progress_get(batch.pk)})


def _decisions(request: HttpRequest) -> dict[int, str]:
    """The choices posted for the rows of one page: ``row-<number>`` = "new", "skip" or a person's UUID."""
    return {
        int(key[4:]): str(value) for key, value in request.POST.items() if key.startswith("row-") and key[4:].isdigit()
    }


def _service_error(request: HttpRequest, error: DomainError) -> None:
    http_error = http_error_for(error)
    if http_error is not None:
        raise http_error from None
    messages.error(request, error.message)


@require_POST
@login_required
def decide(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """Save the choices of the page shown, then go to another page, or accept every sure suggestion.

    Choices are stored on the rows (not kept in the form), so they survive paging and filters.
    """
    batch = _batch(request, batch_id)
    # A filter button starts again at page 1; a page button keeps the filter shown.
    show = request.POST.get("loc") or request.POST.get("shown", SHOW_ALL)
    page = 1 if request.POST.get("loc") else _page_number(request.POST.get("goto") or request.POST.get("trang"))
    try:
        if decisions := _decisions(request):
            import_batch_decide(actor=acting_user(request), batch=batch, decisions=decisions)
        if request.POST.get("accept_sure") is not None:
            accepted = import_batch_accept_sure(actor=acting_user(request), batch=batch)
            messages.success(
                request,
                ngettext(
                    "%(count)s row is now the suggested person.",
                    "%(count)s rows are now the suggested persons.",
                    accepted,
                )
                % {"count": accepted},
            )
    except DomainError as error:
        _service_error(request, error)
    return redirect(_page_url(batch, page, show))


@require_POST
@login_required
def import_rows(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """Save the choices of the page shown and start the import in the background; the page shows its progress."""
    batch = _batch(request, batch_id)
    try:
        if decisions := _decisions(request):
            import_batch_decide(actor=acting_user(request), batch=batch, decisions=decisions)
        import_batch_start(actor=acting_user(request), batch=batch)
    except DomainError as error:
        _service_error(request, error)
    return redirect("imports:dry_run", batch.pk)


def _error_report(request: HttpRequest, batch_id: uuid.UUID, file_format: str) -> HttpResponse:
    batch = _batch(request, batch_id)
    report = batch_error_report(actor=request.user, batch=batch, file_format=file_format)  # type: ignore[arg-type]
    if file_format == "xlsx":
        body, content_type = write_xlsx(report.headers, report.rows), XLSX
    else:
        body, content_type = write_csv(report.headers, report.rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-loi-{batch.pk}.{file_format}"'
    return response


@require_GET
@login_required
def error_report_xlsx(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    return _error_report(request, batch_id, "xlsx")


@require_GET
@login_required
def error_report_csv(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    return _error_report(request, batch_id, "csv")
