"""Thin views: parse the form, call one service, finish the task, redirect."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from calendar_sync.selectors import agenda_clashes, venue_bookings
from documents.models import Document
from documents.services import (
    DERIVED_CONTENT_TYPES,
    DERIVED_KINDS,
    derived_download_name,
    document_derived,
    document_log_access,
)
from documents.storage import presigned_url
from organization.models import Role
from organization.roles import has_role
from workflows import selectors, services
from workflows.forms import (
    CorrectForm,
    DisposeForm,
    LetterSearchForm,
    RegisterForm,
    ReviewForm,
    ScheduleForm,
    SenderUpdateForm,
)
from workflows.models import Instruction, Letter, Outcome


class LetterTaskView(
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """A task on one letter. ``perform`` calls the service; the task finishes in the same
    transaction, so a refused service leaves the task open."""

    template_filename = "task.html"

    @property
    def letter(self) -> Letter | None:
        return self.request.activation.process.letter

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("letter", self.letter)
        return super().get_context_data(**kwargs)

    def perform(self, form: Any) -> None:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                self.perform(form)
                self.request.activation.execute()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_text())
        return HttpResponseRedirect(self.get_success_url())

    def success_text(self) -> str:
        letter = self.letter
        return _("Surat %(number)s: %(state)s.") % {
            "number": letter.agenda_number,
            "state": letter.get_state_display(),
        }


class RegisterView(LetterTaskView):
    form_class = RegisterForm
    template_filename = "start.html"

    @property
    def letter(self) -> Letter | None:
        return getattr(self, "_letter", None)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("stage_config", _stage_config())
        return super().get_context_data(**kwargs)

    def perform(self, form: RegisterForm) -> None:
        self._letter = services.letter_register(
            actor=self.request.user,
            values=form.letter_values(),
            uploads=form.cleaned_data["scans"],
            documents=form.cleaned_data["staged_documents"],
            registration_key=form.cleaned_data["registration_key"] or None,
        )
        self.request.activation.process.letter = self._letter

    def success_text(self) -> str:
        text = super().success_text()
        earlier = services.letters_sharing_files(letter=self._letter)
        if earlier:
            text += " " + _(
                "Perhatian: berkas yang sama persis sudah tercatat pada surat %(numbers)s."
            ) % {"numbers": ", ".join(earlier)}
        return text


def _stage_config() -> dict[str, Any]:
    """What the registration page's script needs: where to send scans, and its words."""
    return {
        "stage_url": reverse("letters:stage_scan"),
        "status_url": reverse("letters:staged_scan", args=[0]),
        "text": {
            "uploading": _("Mengunggah… %s%%"),
            "pending": _("Menunggu giliran dibaca…"),
            "running": _("Sedang dibaca… %s%%"),
            "done": _("Selesai dibaca: %(filled)s kolom diisi, %(unsure)s perlu diperiksa."),
            "done_empty": _("Selesai dibaca; tidak ada isian yang dapat diambil."),
            "failed": _("Tidak dapat dibaca otomatis: %s Isi formulir secara manual."),
            "upload_failed": _("Gagal mengunggah."),
            "network": _("Koneksi terputus; berkas belum terunggah. Pilih lagi berkasnya."),
            "earlier": _("Perhatian: berkas yang sama persis sudah tercatat pada surat %s."),
            "filled": _("Diisi dari pindaian."),
            "unsure": _("Periksa: hasil baca kurang yakin."),
            "remove": _("Batalkan"),
            "wait": _("Tunggu sampai pindaian selesai diunggah."),
            "pages": _("%s halaman"),
        },
    }


class CorrectView(LetterTaskView):
    form_class = CorrectForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.letter}

    def perform(self, form: CorrectForm) -> None:
        services.letter_correct(
            actor=self.request.user,
            letter=self.letter,
            values=form.letter_values(),
            uploads=form.cleaned_data["scans"],
            note=form.cleaned_data["note"],
        )


class ReviewView(LetterTaskView):
    form_class = ReviewForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = self.letter
        kwargs["leader_clashes"] = {
            leader: agenda_clashes(
                official=leader, start=letter.event_start, end=letter.event_end, venue=letter.venue
            )
            for leader in self.get_form().fields["leader"].queryset
        }
        return super().get_context_data(**kwargs)

    def perform(self, form: ReviewForm) -> None:
        data, actor, letter = form.cleaned_data, self.request.user, self.letter
        if data["decision"] == "forward":
            services.letter_forward(
                actor=actor, letter=letter, leader=data["leader"], note=data["note"]
            )
        elif data["decision"] == "return":
            services.letter_return(actor=actor, letter=letter, reason=data["note"])
        else:
            services.letter_reject(actor=actor, letter=letter, reason=data["note"])


class DisposeView(LetterTaskView):
    form_class = DisposeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "leader": self.letter.leader}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = self.letter
        kwargs["clashes"] = agenda_clashes(
            official=letter.leader,
            start=letter.event_start,
            end=letter.event_end,
            venue=letter.venue,
        )
        kwargs["on_behalf"] = (
            services.disposition_on_behalf_of(self.request.user, letter.leader) is not None
        )
        return super().get_context_data(**kwargs)

    def perform(self, form: DisposeForm) -> None:
        data = form.cleaned_data
        instructions = list(data["instructions"])
        recipients = [
            services.RecipientInput(
                official=official,
                instructions=instructions,
                note="",
                due_date=data["due_date"],
                attends=data["outcome"] in (Outcome.ATTEND, Outcome.REPRESENT),
            )
            for official in data["delegates"]
        ]
        if data["outcome"] == Outcome.ATTEND:
            recipients.insert(
                0,
                services.RecipientInput(
                    official=self.letter.leader,
                    instructions=["hadir", *instructions],
                    due_date=data["due_date"],
                ),
            )
            # Officials named beside an attending leader accompany or prepare; they do not
            # get the event on their agenda unless the scheduler adds them.
            for r in recipients[1:]:
                r.attends = False
        services.letter_dispose(
            actor=self.request.user,
            letter=self.letter,
            outcome=data["outcome"],
            note=data["note"],
            recipients=recipients,
        )


class ScheduleView(LetterTaskView):
    form_class = ScheduleForm

    def officials(self) -> list:
        return services.attending_officials(self.letter)

    def clashes(self) -> dict:
        letter = self.letter
        return {
            o.pk: agenda_clashes(
                official=o, start=letter.event_start, end=letter.event_end, venue=letter.venue
            )
            for o in self.officials()
        }

    def get_form_kwargs(self) -> dict[str, Any]:
        self._clashes = self.clashes()
        return {
            **super().get_form_kwargs(),
            "officials": self.officials(),
            "clashes": self._clashes,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:  # a GET: building the form computes self._clashes
            kwargs["form"] = self.get_form()
        kwargs["schedule_rows"] = [(o, self._clashes.get(o.pk, [])) for o in self.officials()]
        letter = self.letter
        # Another official's event in the same room at the same time: a warning only.
        kwargs["venue_warnings"] = venue_bookings(
            venue=letter.venue,
            start=letter.event_start,
            end=letter.event_end,
            exclude_officials=[o.pk for o in self.officials()],
            exclude_source=letter.agenda_source,
        )
        return super().get_context_data(**kwargs)

    def perform(self, form: ScheduleForm) -> None:
        services.letter_schedule(
            actor=self.request.user,
            letter=self.letter,
            entries=[
                services.ScheduleInput(official=o, clash_override_reason=form.override_reason(o))
                for o in form.officials
            ],
            visibility=form.cleaned_data["visibility"],
            confirmed=form.cleaned_data["confirmed"],
        )


# Letter pages (outside the task views)


class LetterListView(LoginRequiredMixin, generic.ListView):
    """The letter list and archive search: words and filters in the query string, best
    match first, each shown letter with a passage where its matched words are marked."""

    template_name = "workflows/letter_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.form = LetterSearchForm(self.request.GET)
        self.query = self.form.query()
        return selectors.letters_search(
            user=self.request.user, query=self.query, filters=self.form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        letters = context["object_list"]
        letter_ids = [letter.pk for letter in letters]
        snippets = selectors.letter_search_snippets(letter_ids=letter_ids, query=self.query)
        covers = selectors.letter_cover_documents(letter_ids=letter_ids)
        for letter in letters:
            letter.snippet = snippets.get(letter.pk, "")
            letter.cover_id = covers.get(letter.pk)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(form=self.form, query=self.query, search_params=params.urlencode())
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
            and has_role(self.request.user, Role.MAILROOM_CLERK, Role.PROTOCOL_REVIEWER),
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
        )
        return super().get_context_data(**kwargs)


class DocumentView(LoginRequiredMixin, generic.View):
    """Open a letter's file, only for someone who may see the letter: the original, or with
    ``kind`` its searchable PDF/A or its first-page thumbnail.

    Opening the original or the PDF/A is logged (auditors ask who read what). Thumbnails
    are not: lists show them to everyone who may see the letter, and a log line per
    thumbnail per list view would bury the openings that matter.
    """

    def get(self, request: HttpRequest, pk: int, document_pk: int, kind: str = "") -> HttpResponse:
        letter = _visible_letter(request, pk)
        document = get_object_or_404(Document, pk=document_pk, letters=letter)
        if kind:
            if kind not in DERIVED_KINDS:
                raise Http404
            stored = document_derived(document=document, kind=kind)
            if stored is None:
                raise Http404
            content_type = DERIVED_CONTENT_TYPES[kind]
            filename = derived_download_name(document=document, kind=kind)
        else:
            stored, content_type, filename = (
                document.file,
                document.content_type,
                document.original_name,
            )
        # Asks the storage first: during an outage nothing is logged as opened.
        url = presigned_url(stored, content_type=content_type, filename=filename)
        if kind != "thumbnail":
            document_log_access(document=document, user=request.user)
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
        status = selectors.staged_scan_status(user=request.user, document_id=document.pk)
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
        if not has_role(request.user, Role.MAILROOM_CLERK, Role.PROTOCOL_REVIEWER):
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
