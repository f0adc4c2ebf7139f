"""The per-session "hide names" switch, and the duplicate review queue (docs/matching.md)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from agencies.second_factor import recent_second_factor_required
from audit.services import audit_list_read
from core.forms import ServiceForm
from core.http import acting_user, or_http_error
from people import merging, selectors
from people.display import hide_names_for_session
from people.duplicates import duplicate_candidates_rescore, reason_label
from people.forms import HideNamesForm, PersonMergeForm, PersonMergeUndoForm, PersonsMarkDifferentForm
from people.matching.scoring import Band
from people.policies import person_for_merge


def _back(request: HttpRequest, target: str) -> str:
    """The page the switch was used on, if it is one of ours; the home page otherwise."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


@require_POST
@login_required
def hide_names(request: HttpRequest) -> HttpResponse:
    """Switch "hide names" on (``hide=1``) or off (``hide=0``) for this session, then go back."""
    form = HideNamesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The choice to hide or show names was not understood; nothing was changed."))
        return redirect(_back(request, request.POST.get("next", "")))
    hidden = form.cleaned_data["hide"]
    hide_names_for_session(request.session, hidden=hidden)
    if hidden:
        messages.success(request, _("Names are hidden: the case code is shown instead, until you show them again."))
    else:
        messages.success(request, _("Names are shown again where your role allows."))
    return redirect(_back(request, form.cleaned_data["next"]))


# --- Duplicate review queue (people.merging) -----------------------------------------------------

_BAND_LABELS = {
    Band.SURE: gettext_lazy("Almost certainly the same person"),
    Band.LIKELY: gettext_lazy("Probably the same person"),
    Band.UNLIKELY: gettext_lazy("Unlikely to be the same person"),
}


def _refused(request: HttpRequest, form: ServiceForm, target: str = "people:duplicate_queue") -> HttpResponse:
    """Bad or stale input: say why (in the user's language) and go back; nothing was changed."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, str(error))
    return redirect(target)


@require_GET
@login_required
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    """Pairs of records that are probably the same person, best first, to merge or mark as different.

    Reads the stored pairs only (people.duplicates computes them nightly and after changes).
    """
    queue = or_http_error(
        selectors.duplicate_queue, actor=acting_user(request), page_number=request.GET.get("trang", 1)
    )
    audit_list_read(
        actor=acting_user(request),
        verb="duplicate_queue_view",
        person_ids=[pk for pair in queue.pairs for pk in (pair.left.pk, pair.right.pk)],
    )
    rows = [
        {
            "pair": pair,
            "band": pair.score.band,
            "band_label": _BAND_LABELS[pair.score.band],
            "probability": round(pair.score.probability * 100),
            "reasons": [{"label": reason_label(code), "weight": weight} for code, weight in pair.candidate.reasons],
        }
        for pair in queue.pairs
    ]
    return render(
        request,
        "people/duplicate_queue.html",
        {"rows": rows, "page": queue.page, "last_scoring": queue.last_scoring},
    )


@require_POST
@login_required
def duplicates_rescore(request: HttpRequest) -> HttpResponse:
    """Score again now (the button): the records the user may merge, against all records; audited."""
    pairs = or_http_error(duplicate_candidates_rescore, actor=acting_user(request))
    messages.success(
        request,
        ngettext(
            "Scored again: %(count)d probable duplicate pair found for the records you may merge.",
            "Scored again: %(count)d probable duplicate pairs found for the records you may merge.",
            pairs,
        )
        % {"count": pairs},
    )
    return redirect("people:duplicate_queue")


@require_POST
@login_required
@recent_second_factor_required
def person_merge(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Keep the person of the URL and merge the other record of the pair into it (asks the second factor again)."""
    kept = or_http_error(person_for_merge, user=acting_user(request), person_id=person_id)
    form = PersonMergeForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    merged = or_http_error(person_for_merge, user=acting_user(request), person_id=form.cleaned_data["merged"])
    merge = form.submit(
        merging.person_merge,
        actor=acting_user(request),
        kept=kept,
        merged=merged,
        kept_version=form.cleaned_data["kept_version"],
        merged_version=form.cleaned_data["merged_version"],
    )
    if merge is None:
        return _refused(request, form)
    messages.success(
        request,
        ngettext(
            "The two records were merged: %(count)d case moved to the kept record. The merge can be undone here.",
            "The two records were merged: %(count)d cases moved to the kept record. The merge can be undone here.",
            len(merge.moved["cases"]),
        )
        % {"count": len(merge.moved["cases"])},
    )
    return redirect("people:merge_history")


@require_POST
@login_required
def persons_mark_different(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The person of the URL and the other of the pair are different people: never suggest the pair again."""
    left = or_http_error(person_for_merge, user=acting_user(request), person_id=person_id)
    form = PersonsMarkDifferentForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    right = or_http_error(person_for_merge, user=acting_user(request), person_id=form.cleaned_data["other"])
    if form.submit(merging.persons_mark_different, actor=acting_user(request), left=left, right=right) is None:
        return _refused(request, form)
    messages.success(
        request, _("The two records were marked as different people; the pair will not be suggested again.")
    )
    return redirect("people:duplicate_queue")


@require_GET
@login_required
def merge_history(request: HttpRequest) -> HttpResponse:
    """Merges made in the actor's reach, newest first, with the cases each moved; undo from here."""
    rows = or_http_error(selectors.merge_history, actor=acting_user(request))
    audit_list_read(
        actor=acting_user(request),
        verb="merge_history_view",
        person_ids=[pk for row in rows for pk in (row.merge.kept_id, row.merge.merged_id)],
    )
    return render(request, "people/merge_history.html", {"rows": rows})


@require_POST
@login_required
@recent_second_factor_required
def person_merge_undo(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Undo a merge into the person of the URL: what moved goes back, the other record is a person again."""
    form = PersonMergeUndoForm(request.POST)
    or_http_error(person_for_merge, user=acting_user(request), person_id=person_id)
    if not form.is_valid():
        return _refused(request, form, "people:merge_history")
    merge = or_http_error(
        selectors.merge_for_undo, actor=acting_user(request), person_id=person_id, merge_id=form.cleaned_data["merge"]
    )
    if form.submit(merging.person_merge_undo, actor=acting_user(request), merge=merge) is None:
        return _refused(request, form, "people:merge_history")
    messages.success(request, _("The merge was undone: each record has its own cases again."))
    return redirect("people:merge_history")
