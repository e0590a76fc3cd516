"""The task views of the letter's process, one per human step of ``workflows.flows``.

Thin: validate the form, call one service, then finish the task in the same transaction,
so a refused service leaves the task open. ``flows.py`` imports this module; nothing here
imports the flow.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from calendar_sync.selectors import agenda_clashes, venue_bookings
from workflows import selectors, services
from workflows.date_checks import letter_date_warnings
from workflows.forms import (
    CorrectForm,
    DisposeForm,
    RegisterForm,
    ReviewForm,
    ScheduleForm,
    VerifyForm,
)
from workflows.models import Letter


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
        letter = self.letter
        kwargs.setdefault("letter", letter)
        if letter is not None:  # context travels with the task
            kwargs.setdefault("step_notes", selectors.letter_step_notes(letter=letter))
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
        kwargs.setdefault("stage_config", stage_config())
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
        earlier = selectors.letters_sharing_files(letter=self._letter)
        if earlier:
            text += " " + _(
                "Perhatian: berkas yang sama persis sudah tercatat pada surat %(numbers)s."
            ) % {"numbers": ", ".join(earlier)}
        for warning in letter_date_warnings(letter=self._letter):
            text += " " + _("Perhatian: %(warning)s") % {"warning": warning}
        return text


def stage_config() -> dict[str, Any]:
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
            "event_past": _("Acara pada surat ini sudah lewat. Periksa tanggalnya."),
            "event_before_letter": _(
                "Tanggal acara lebih awal dari tanggal surat. Periksa tahun dan bulannya."
            ),
            # A file holding several letters (the reader's "split"): the first fills the form.
            "letters": _("Berkas ini berisi %(count)s surat: %(list)s."),
            "letters_two": _("Yang kedua perlu diregistrasi tersendiri."),
            "letters_more": _("Surat kedua dan seterusnya perlu diregistrasi tersendiri."),
            "letter_pages": _("hlm. %(pages)s"),
            "letter_numbered": _("hlm. %(pages)s (nomor %(number)s)"),
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


class VerifyView(LetterTaskView):
    """The mailroom checks a letter sent online and registers or refuses it."""

    form_class = VerifyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.letter}

    def perform(self, form: VerifyForm) -> None:
        data, actor = form.cleaned_data, self.request.user
        if data["decision"] == "refuse":
            services.letter_refuse(actor=actor, letter=self.letter, reason=data["note"])
            return
        letter = services.letter_verify(
            actor=actor,
            letter=self.letter,
            values=form.letter_values(),
            uploads=data["scans"],
            note=data["note"],
        )
        self.request.activation.process.letter = letter


class ReviewView(LetterTaskView):
    form_class = ReviewForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "letter": self.letter}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        letter = self.letter
        kwargs["leader_clashes"] = {
            leader: agenda_clashes(
                official=leader, start=letter.event_start, end=letter.event_end, venue=letter.venue
            )
            for leader in self.get_form().fields["leader"].queryset
        }
        kwargs["date_warnings"] = letter_date_warnings(letter=letter)
        return super().get_context_data(**kwargs)

    def perform(self, form: ReviewForm) -> None:
        data = form.cleaned_data
        services.letter_review_decide(
            actor=self.request.user,
            letter=self.letter,
            decision=data["decision"],
            leader=data["leader"],
            note=data["note"],
            classification=data.get("classification"),
        )


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
        services.letter_dispose(
            actor=self.request.user,
            letter=self.letter,
            outcome=data["outcome"],
            note=data["note"],
            delegates=list(data["delegates"]),
            instructions=list(data["instructions"]),
            due_date=data["due_date"],
        )


class ScheduleView(LetterTaskView):
    form_class = ScheduleForm

    def officials(self) -> list:
        return selectors.attending_officials(letter=self.letter)

    def clashes(self) -> dict:
        return selectors.attendee_clashes(letter=self.letter, officials=self.officials())

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
