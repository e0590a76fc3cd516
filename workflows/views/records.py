"""The records pages of letters: the due-for-disposal list, legal holds, disposal
decisions (*berita acara pemusnahan*) and their printable page, the auditor's dossier
download and the export for other systems; and the records block on a letter's page."""

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import generic

from organization.models import Region
from organization.permissions import EXPORT_RECORDS, MANAGE_RECORDS
from workflows import classification as records_reads
from workflows import selectors
from workflows.exports import srikandi
from workflows.exports.bags import zipped
from workflows.exports.dossier import dossier_write
from workflows.exports.recorded import export_recorded
from workflows.models import (
    DisposalDecision,
    DisposedOriginal,
    LegalHold,
    Letter,
    LetterState,
    SecurityClass,
)
from workflows.records_forms import DisposalForm, ExportForm, HoldReleaseForm, LegalHoldForm
from workflows.services import records as records_services


class ManagerMixin(LoginRequiredMixin, PermissionRequiredMixin):
    # Signed in without the right: 403; not signed in: the login page (AccessMixin).
    permission_required = MANAGE_RECORDS


class ExporterMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = EXPORT_RECORDS


def _letter(request: HttpRequest, pk: int) -> Letter:
    try:
        return selectors.letters_visible_to(user=request.user).get(pk=pk)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc


def letter_records_panel(request: HttpRequest, letter: Letter) -> str:
    """The letter page's records block: code, retention, holds, disposal, the buttons."""
    user = request.user
    context = records_reads.letter_records_context(letter, user=user)
    context.update(
        may_manage=user.has_perm(MANAGE_RECORDS),
        may_export=_may_export_dossier(user, letter),
    )
    return render_to_string("workflows/records/_letter_panel.html", context, request=request)


@login_required
def records_home(request: HttpRequest) -> HttpResponse:
    """The menu's "Arsip dan retensi": the scheme for who manages records, the export for
    who may only export (auditors)."""
    if request.user.has_perm(MANAGE_RECORDS):
        return redirect("records:codes")
    if request.user.has_perm(EXPORT_RECORDS):
        return redirect("letter_records:export")
    raise PermissionDenied


def dossier_export_panel(request: HttpRequest, letter: Letter) -> str:
    """The dossier page's export button (the letter as a BagIt bag), for who may export."""
    if not _may_export_dossier(request.user, letter):
        return ""
    return render_to_string(
        "workflows/records/_dossier_export.html", {"letter": letter}, request=request
    )


class DueListView(ManagerMixin, generic.TemplateView):
    template_name = "workflows/records/due_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        held = list(records_reads.letters_held().prefetch_related("legal_holds"))
        for letter in held:
            letter.blockers = records_reads.disposal_blockers(letter)
        return super().get_context_data(
            due=records_reads.letters_due_for_disposal(), held=held, **kwargs
        )


class HoldView(ManagerMixin, generic.FormView):
    template_name = "workflows/records/form_page.html"
    form_class = LegalHoldForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = _letter(self.request, self.kwargs["pk"])
        return super().get_context_data(
            letter=letter, heading=_("Tahan surat (legal hold)"), **kwargs
        )

    def form_valid(self, form: LegalHoldForm) -> HttpResponse:
        letter = _letter(self.request, self.kwargs["pk"])
        try:
            records_services.legal_hold_place(
                actor=self.request.user, letter=letter, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Surat ditahan; tidak dapat dimusnahkan sampai dicabut."))
        return redirect("letters:detail", letter.pk)


class HoldReleaseView(ManagerMixin, generic.FormView):
    template_name = "workflows/records/form_page.html"
    form_class = HoldReleaseForm

    def hold(self) -> LegalHold:
        hold = get_object_or_404(LegalHold.objects.select_related("letter"), pk=self.kwargs["pk"])
        _letter(self.request, hold.letter_id)
        return hold

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        hold = self.hold()
        heading = _("Cabut penahanan %(case)s") % {"case": hold.case_reference}
        return super().get_context_data(letter=hold.letter, heading=heading, **kwargs)

    def form_valid(self, form: HoldReleaseForm) -> HttpResponse:
        hold = self.hold()
        try:
            records_services.legal_hold_release(
                actor=self.request.user, hold=hold, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Penahanan dicabut."))
        return redirect("letters:detail", hold.letter_id)


def _disposal_candidates() -> Any:
    """What the decision form offers: the letters due, and the held ones (refused with
    the reason when ticked)."""
    due = records_reads.letters_due_for_disposal().values("pk")
    held = records_reads.letters_held().filter(state=LetterState.ARCHIVED, disposal__isnull=True)
    return (
        Letter.objects.filter(Q(pk__in=due) | Q(pk__in=held.values("pk")))
        .select_related("classification")
        .order_by("retention_inactive_until", "pk")
    )


class DecisionListView(ManagerMixin, generic.ListView):
    template_name = "workflows/records/decision_list.html"
    context_object_name = "decisions"
    queryset = DisposalDecision.objects.select_related("recorded_by")


class DecisionCreateView(ManagerMixin, generic.FormView):
    template_name = "workflows/records/form_page.html"
    form_class = DisposalForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "letters": _disposal_candidates()}
        ids = self.request.GET.getlist("letters")
        if ids and self.request.method == "GET":
            kwargs["initial"] = {"letters": [i for i in ids if i.isdigit()]}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=_("Berita acara pemusnahan baru"), **kwargs)

    def form_valid(self, form: DisposalForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            decision = records_services.disposal_record(
                actor=self.request.user,
                number=data["number"],
                decided_on=data["decided_on"],
                approved_by=data["approved_by"],
                reason=data["reason"],
                letters=list(data["letters"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Berita acara dicatat; berkas asli telah dimusnahkan."))
        return redirect("letter_records:decision", decision.pk)


class DecisionView(ManagerMixin, generic.DetailView):
    """The printable berita acara pemusnahan."""

    template_name = "workflows/records/decision_print.html"
    context_object_name = "decision"
    queryset = DisposalDecision.objects.select_related("recorded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        decision = self.object
        originals = DisposedOriginal.objects.filter(decision=decision).select_related("letter")
        letters = Letter.objects.filter(disposal=decision).select_related("classification")
        return super().get_context_data(
            originals=originals, letters=letters, region=Region.current(), **kwargs
        )


def _may_export_dossier(user: Any, letter: Letter) -> bool:
    """A dossier holds everything: a confidential letter's only for who may read it."""
    if not user.has_perm(EXPORT_RECORDS):
        return False
    return letter.security_class == SecurityClass.BIASA or srikandi.reads_confidential(user)


class DossierDownloadView(ExporterMixin, generic.View):
    """The auditor's dossier of one letter, as a zipped BagIt bag (POST: it is recorded)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = _letter(request, pk)
        if not _may_export_dossier(request.user, letter):
            raise PermissionDenied
        name = f"berkas-{(letter.agenda_number or str(letter.pk)).replace('/', '-')}"
        work = tempfile.TemporaryDirectory(prefix="lontar-dossier-")
        bag = Path(work.name) / name
        try:
            dossier_write(letter=letter, out=bag, actor=request.user, detail=_("unduhan"))
        except BaseException:
            work.cleanup()
            raise
        return _zip_response(work, bag)


def _zip_response(work: tempfile.TemporaryDirectory, bag: Path) -> FileResponse:
    """The bag as a zip download; the temporary folder goes once the file is open (the
    open file stays readable on POSIX until the response is sent)."""
    with zipped(bag) as archive:
        handle = archive.open("rb")
    work.cleanup()
    return FileResponse(handle, as_attachment=True, filename=f"{bag.name}.zip")


class ExportView(ExporterMixin, generic.FormView):
    template_name = "workflows/records/form_page.html"
    form_class = ExportForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=_("Ekspor naskah untuk sistem lain (SRIKANDI)"), **kwargs
        )

    def form_valid(self, form: ExportForm) -> HttpResponse:
        user, data = self.request.user, form.cleaned_data
        start, end, kind = data["date_from"], data["date_to"], data["format"]
        letters = list(srikandi.letters_for_export(user=user, date_from=start, date_to=end))
        rows = srikandi.export_rows(letters, user=user)
        withheld = sum(not row.full for row in rows)
        detail = _(
            "Diterima %(start)s s.d. %(end)s; %(count)s surat, %(withheld)s dirahasiakan."
        ) % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "count": len(rows),
            "withheld": withheld,
        }
        stem = f"naskah-{start.isoformat()}-{end.isoformat()}"
        if kind == "csv":
            response = HttpResponse(
                "\ufeff" + srikandi.rows_csv(rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        elif kind == "json":
            response = HttpResponse(
                srikandi.rows_json(rows, date_from=start, date_to=end),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        else:
            work = tempfile.TemporaryDirectory(prefix="lontar-export-")
            try:
                bag = srikandi.export_bag_write(
                    rows=rows, out=Path(work.name) / stem, date_from=start, date_to=end
                )
            except BaseException:
                work.cleanup()
                raise
            response = _zip_response(work, bag)
        # Recorded once the file is made: a failed export is not recorded as done.
        export_recorded(actor=user, kind=kind, letters=letters, detail=detail)
        return response
