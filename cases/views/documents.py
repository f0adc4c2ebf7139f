"""The dossier: attaching a scanned document to a case, and downloading one."""

import os
import uuid
from typing import Any, ClassVar
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agencies import capabilities as cap
from cases.models import DocumentKind
from cases.selectors import case_for_action, document_get
from cases.services import document_open, document_upload
from cases.services.documents import max_megabytes
from core.errors import DomainError
from core.forms import ServiceForm
from core.http import http_error_for, or_http_error
from core.textfold import fold

ACCEPTED_EXTENSIONS = ".pdf,.jpg,.jpeg,.png"


class DocumentUploadForm(ServiceForm):
    error_fields: ClassVar[dict[str, str]] = {
        "case.document_kind_invalid": "kind",
        "case.document_empty": "file",
        "case.document_too_large": "file",
        "case.document_type_not_allowed": "file",
        "case.document_name_mismatch": "file",
    }

    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=[("", "---------"), *DocumentKind.choices])
    # Empty files reach the service, which refuses them with its own message.
    file = forms.FileField(
        label=gettext_lazy("Scanned file"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
        error_messages={"required": gettext_lazy("Choose the scanned file to attach.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A PDF, JPEG or PNG file of at most %(limit)s MB.") % {
            "limit": max_megabytes()
        }


def _attachment_header(name: str) -> str:
    """Content-Disposition with the original name (RFC 6266/5987) and a plain ASCII fallback."""
    stem, suffix = os.path.splitext(name)
    fallback = "-".join(fold(stem).split()) or "tai-lieu"
    ascii_suffix = suffix if suffix.isascii() and suffix[1:].isalnum() else ""
    return f"attachment; filename=\"{fallback}{ascii_suffix}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_http_methods(["GET", "POST"])
@login_required
def document_upload_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = or_http_error(case_for_action, actor=request.user, case_id=case_id, capability=cap.CASE_EDIT)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
    else:
        kind = request.GET.get("loai", "")
        form = DocumentUploadForm(initial={"kind": kind if kind in DocumentKind.values else ""})
    if form.is_bound and form.is_valid():
        document = form.submit(
            document_upload,
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
        )
        if document is not None:
            messages.success(request, _("The document was added to the dossier."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/document_upload.html", {"form": form, "case": case})


@require_GET
@login_required
def document_download(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    """The decrypted file, as an attachment; a damaged file sends the user back with a message."""
    try:
        document = document_get(actor=request.user, document_id=document_id)  # type: ignore[arg-type]
    except DomainError as error:
        raise http_error_for(error) or error from None
    try:
        document, data = document_open(actor=request.user, document=document)  # type: ignore[arg-type]
    except DomainError as error:
        http_error = http_error_for(error)
        if http_error is not None:
            raise http_error from None
        messages.error(request, error.message)
        return redirect("cases:detail", document.case_id)
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = _attachment_header(document.original_name)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
