"""The letter's pages outside the process's tasks: the register and its search, a
letter's page and disposition sheet, its files, scans staged for registration,
follow-up letters from the sender, and the follow-ups of dispositions."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from audit.selectors import audit_log_readable
from documents.kinds import KINDS
from documents.models import Document
from documents.services import document_log_access
from documents.storage import presigned_url
from workflows import selectors, services
from workflows.forms import (
    EventReportForm,
    FollowUpForm,
    LetterSearchForm,
    MaterialForm,
    SenderUpdateForm,
)
from workflows.letter_list import (
    CappedPaginator,
    letter_cover_documents,
    letter_hits,
    letter_rows,
    letter_rows_html,
    page_letters,
)
from workflows.models import FollowUp, Instruction, Letter, records_sender_update
from workflows.panels import letter_panels
from workflows.widgets import draw_in_python


class LetterListView(LoginRequiredMixin, generic.ListView):
    """The letter list and archive search: words and filters in the query string, best
    match first, each shown letter with a passage where its matched words are marked."""

    template_name = "workflows/letter_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator  # counts a page's worth ahead, not the archive

    def get_queryset(self) -> Any:
        self.form = draw_in_python(LetterSearchForm(self.request.GET))  # the same markup
        self.query = self.form.query()
        return letter_hits(user=self.request.user, query=self.query, filters=self.form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        letters = page_letters(context["object_list"])
        letter_ids = [letter.pk for letter in letters]
        snippets = selectors.letter_search_snippets(letter_ids=letter_ids, query=self.query)
        covers = letter_cover_documents(letter_ids=letter_ids)
        for letter in letters:
            letter.snippet = snippets.get(letter.pk, "")
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            object_list=letters,
            rows_html=letter_rows_html(letter_rows(letters, snippets=snippets, covers=covers)),
            form=self.form,
            query=self.query,
            search_params=params.urlencode(),
        )
        return context


def _visible_letter(request: HttpRequest, pk: int) -> Letter:
    try:
        return selectors.letter_for_page(user=request.user, pk=pk)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc


class LetterDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "workflows/letter_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = _visible_letter(self.request, kwargs["pk"])
        process = getattr(letter, "process", None)
        kwargs.update(
            letter=letter,
            process=process,
            may_record_sender_update=letter.is_open
            and records_sender_update(letter, self.request.user),
            panels=letter_panels.render(self.request, letter),
            followup_chain=selectors.letter_followup_chain(letter=letter),
            material=selectors.letter_material(letter=letter),
            may_read_dossier=audit_log_readable(user=self.request.user),
        )
        return super().get_context_data(**kwargs)


class DispositionSheetView(LoginRequiredMixin, generic.TemplateView):
    """Lembar disposisi, print-ready on half-folio paper."""

    template_name = "workflows/disposition_sheet.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = _visible_letter(self.request, kwargs["pk"])
        dispositions = list(letter.dispositions.all())
        disposition = dispositions[-1] if dispositions else None
        ticked = (
            {code for r in disposition.recipients.all() for code in r.instructions}
            if (disposition)
            else set()
        )
        kwargs.update(
            letter=letter,
            disposition=disposition,
            ticked=ticked,
            instruction_choices=Instruction.choices,
            followup_chain=selectors.letter_followup_chain(letter=letter),
        )
        return super().get_context_data(**kwargs)


class DocumentView(LoginRequiredMixin, generic.View):
    """Open a letter's file, only for someone who may see the letter: the original, or with
    ``kind`` its searchable PDF/A or its first-page thumbnail.

    Opening the original is logged (auditors ask who read what); a derived file is logged
    when its kind says so (``documents.kinds``: the PDF/A is, the thumbnail is not).
    """

    def get(self, request: HttpRequest, pk: int, document_pk: int, kind: str = "") -> HttpResponse:
        return letter_document_response(request, pk, document_pk, kind)


def letter_document_response(
    request: HttpRequest, pk: int, document_pk: int, kind: str = ""
) -> HttpResponse:
    """The file ``document_pk`` of letter ``pk`` (or its derived ``kind``) for
    ``request.user``; 404 unless they may see the letter. The REST API serves its file
    links through this too."""
    letter = _visible_letter(request, pk)
    document = get_object_or_404(Document, pk=document_pk, letters=letter)
    if document.disposed_at is not None:  # destroyed under a berita acara: the row remains
        return HttpResponse(
            _("Berkas ini telah dimusnahkan (%(reference)s).")
            % {"reference": document.disposed_reference},
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    if kind:
        derived = KINDS.get(kind)
        stored = derived.stored(document) if derived else None
        if stored is None:
            raise Http404
        content_type, filename = derived.content_type, derived.download_name(document)
        logged = derived.access_logged
    else:
        stored, content_type, filename = (
            document.file,
            document.content_type,
            document.original_name,
        )
        logged = True
    # Asks the storage first: during an outage nothing is logged as opened.
    url = presigned_url(stored, content_type=content_type, filename=filename)
    if logged:
        document_log_access(
            document=document, user=request.user, kind=kind, scope=services.letter_label(letter)
        )
    if url is not None:  # S3: the browser fetches the object with a short-lived link
        return HttpResponseRedirect(url)
    return FileResponse(
        stored.open("rb"), content_type=content_type, filename=filename, as_attachment=False
    )


class StageScanView(LoginRequiredMixin, generic.View):
    """The registration page's script uploads each chosen scan here at once, so the letter
    is read while the clerk looks at the form. Answers JSON; errors in the clerk's words."""

    def post(self, request: HttpRequest) -> JsonResponse:
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": _("Tidak ada berkas yang diterima.")}, status=400)
        try:
            document = services.letter_stage_scan(actor=request.user, upload=upload)
        except PermissionDenied as exc:
            return JsonResponse({"error": str(exc) or _("Tidak berwenang.")}, status=403)
        except ValidationError as exc:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
        try:
            status = selectors.staged_scan_status(user=request.user, document_id=document.pk)
        except Document.DoesNotExist:  # gone between storing and reading it back
            return JsonResponse({"error": _("Berkas tidak ditemukan.")}, status=404)
        status["status_url"] = reverse("letters:staged_scan", args=[document.pk])
        return JsonResponse(status, status=201)


class StagedScanView(LoginRequiredMixin, generic.View):
    """How far the reading of a staged scan is, and what it proposes for the form."""

    def get(self, request: HttpRequest, document_pk: int) -> JsonResponse:
        try:
            status = selectors.staged_scan_status(user=request.user, document_id=document_pk)
        except Document.DoesNotExist as exc:
            raise Http404 from exc
        status["status_url"] = request.path
        return JsonResponse(status)


class SenderUpdateView(LoginRequiredMixin, generic.FormView):
    form_class = SenderUpdateForm
    template_name = "workflows/sender_update.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.letter = _visible_letter(request, kwargs["pk"])
        if not records_sender_update(self.letter, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"event_time_zone": self.letter.event_time_zone, "venue": self.letter.venue}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["letter"] = self.letter
        return super().get_context_data(**kwargs)

    def form_valid(self, form: SenderUpdateForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if data["kind"] == "cancel":
                services.letter_cancel_by_sender(
                    actor=self.request.user, letter=self.letter, note=data["note"]
                )
            else:
                services.letter_postpone(
                    actor=self.request.user,
                    letter=self.letter,
                    event_start=data["event_start"],
                    event_end=data["event_end"],
                    event_time_zone=data["event_time_zone"] or self.letter.event_time_zone,
                    venue=data["venue"] or self.letter.venue,
                    note=data["note"],
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Surat susulan dicatat."))
        return HttpResponseRedirect(reverse("letters:detail", args=[self.letter.pk]))


# Follow-ups of dispositions


class FollowUpListView(LoginRequiredMixin, generic.ListView):
    """My follow-ups: for me, the leader I serve, or my department's officials."""

    template_name = "workflows/followup_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.followups_open_for(user=self.request.user)


def followup_form_class(followup: FollowUp) -> type[forms.Form]:
    """The form that answers ``followup`` (the web's page and the API use it)."""
    kinds = {FollowUp.Kind.REPORT: EventReportForm, FollowUp.Kind.MATERIAL: MaterialForm}
    return kinds.get(followup.kind, FollowUpForm)


def followup_form_kwargs(followup: FollowUp) -> dict[str, Any]:
    return {
        "targets": services.followup_pass_targets(followup=followup),
        "accepted": followup.status == FollowUp.Status.ACCEPTED,
    }


class FollowUpView(LoginRequiredMixin, generic.FormView):
    """One follow-up: the disposition's instructions and the chain so far, then the answer."""

    template_name = "workflows/followup.html"

    def get_form_class(self) -> type:
        return followup_form_class(self.followup)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        followups = selectors.followups_for(user=request.user).select_related("letter", "official")
        self.followup = get_object_or_404(followups, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), **followup_form_kwargs(self.followup)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = self.followup.letter
        kwargs.update(
            followup=self.followup,
            letter=letter,
            chain=selectors.letter_followup_chain(letter=letter),
            on_behalf=self.followup.official is not None
            and self.followup.official.user_id != self.request.user.pk,
            material=self.followup.documents.all(),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            services.followup_respond(
                actor=self.request.user, followup=self.followup, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Tanggapan tindak lanjut dicatat."))
        return HttpResponseRedirect(reverse("tindak-lanjut:index"))


def agenda_item_letter_panel(request: HttpRequest, item: Any) -> str:
    """On an agenda item scheduled from a letter: the letter, and its speech and material
    for the attendee to read, if the viewer may see the letter."""
    letter = selectors.letter_of_agenda_item(user=request.user, source=item.source)
    if letter is None:
        return ""
    context = {"letter": letter, "material": selectors.letter_material(letter=letter)}
    return render_to_string("workflows/_agenda_item_letter.html", context, request=request)
