"""Importing a list: upload, columns, dry run, import, error report. Thin: selectors and services do the work."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import capabilities as cap
from core.errors import PERMISSION_DENIED, DomainError
from core.http import http_error_for, or_http_error, require_capability
from imports.files import write_csv, write_xlsx
from imports.forms import MappingForm, UploadForm
from imports.models import BatchStatus, ImportBatch
from imports.policies import importing_membership
from imports.selectors import batch_dry_run, batch_error_report, batch_for_action, mapping_initial
from imports.services import import_batch_import, import_batch_map, import_batch_upload
from people.display import names_shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@require_GET
@login_required
def dry_run(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = _batch(request, batch_id)
    if not batch.mapping:
        return redirect("imports:mapping", batch.pk)
    run = batch_dry_run(actor=request.user, batch=batch)  # type: ignore[arg-type]
    return render(request, "imports/dry_run.html", {"run": run, "batch": batch, "show_names": names_shown(request)})


def _decisions(request: HttpRequest) -> dict[int, str]:
    bulk = request.POST.get("accept_sure") is not None
    decisions = {}
    for key, value in request.POST.items():
        if key.startswith("row-") and key[4:].isdigit():
            number = int(key[4:])
            decisions[number] = str(value)
            suggested = request.POST.get(f"sure-{number}", "")
            if bulk and suggested:
                decisions[number] = suggested
    return decisions


@require_POST
@login_required
def import_rows(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        done = import_batch_import(actor=request.user, batch=batch, decisions=_decisions(request))  # type: ignore[arg-type]
    except DomainError as error:
        http_error = http_error_for(error)
        if http_error is not None:
            raise http_error from None
        messages.error(request, error.message)
        return redirect("imports:dry_run", batch.pk)
    messages.success(
        request,
        ngettext("%(count)s row was imported.", "%(count)s rows were imported.", done.imported_count)
        % {"count": done.imported_count},
    )
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
