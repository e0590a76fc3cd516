"""Pages of online requests: the department officer's (signed in), the protocol office's
answer (signed in), and the public's form and status page (no account)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from intake import selectors, services
from intake.forms import AnswerForm, DepartmentRequestForm, PublicRequestForm, StatusLookupForm
from intake.models import OnlineRequest
from intake.throttle import (
    PUBLIC_REQUEST_PER_EMAIL,
    PUBLIC_REQUEST_PER_IP,
    STATUS_LOOKUP_PER_IP,
    client_address,
    throttle_hit,
)
from organization.models import Department, Role
from organization.roles import has_role, user_department_ids
from workflows.models import Letter
from workflows.selectors import letters_visible_to
from workflows.views.tasks import stage_config

TOO_MANY = gettext_lazy(
    "Terlalu banyak percobaan dari alamat ini. Tunggu sebentar (paling lama satu jam), lalu "
    "coba lagi."
)


# The protocol office and the mailroom see every online request (the auditor reads them).
OFFICE_ROLES = (
    Role.MAILROOM_CLERK,
    Role.PROTOCOL_REVIEWER,
    Role.PROTOCOL_SCHEDULER,
    Role.ADMINISTRATOR,
    Role.AUDITOR,
)


def request_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """/permohonan/: a department officer's own department's, or the office's all."""
    if has_role(request.user, Role.DEPARTMENT_OFFICER):
        return DepartmentRequestListView.as_view()(request, *args, **kwargs)
    if has_role(request.user, *OFFICE_ROLES):
        return OfficeRequestListView.as_view()(request, *args, **kwargs)
    raise PermissionDenied


class OfficeRequestListView(LoginRequiredMixin, generic.ListView):
    """Every online request, those still waiting for an answer first."""

    template_name = "intake/office_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.online_requests_for_office()


class _DepartmentOfficerRequired(LoginRequiredMixin):
    """A department officer linked to a department; anyone else is refused."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        departments = user_department_ids(request.user)
        if not has_role(request.user, Role.DEPARTMENT_OFFICER) or not departments:
            raise PermissionDenied
        self.department = Department.objects.filter(pk__in=departments).order_by("pk").first()
        return super().dispatch(request, *args, **kwargs)


class DepartmentRequestListView(_DepartmentOfficerRequired, generic.ListView):
    """The department's requests and letters: state, outcome, who attends, when."""

    template_name = "intake/department_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.letters_of_officers_department(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for letter in context["object_list"]:
            letter.attendees = selectors.attendees(letter)
        context["department"] = self.department
        return context


class DepartmentRequestCreateView(_DepartmentOfficerRequired, generic.FormView):
    """A department's request, with the letter read and the form filled as in the
    mailroom (the same upload checks, reading and prefill)."""

    template_name = "intake/department_form.html"
    form_class = DepartmentRequestForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(stage_config=stage_config(), department=self.department)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: DepartmentRequestForm) -> HttpResponse:
        try:
            request = services.request_submit_department(
                actor=self.request.user,
                department=self.department,
                values=form.letter_values(),
                uploads=form.cleaned_data["scans"],
                documents=form.cleaned_data["staged_documents"],
                registration_key=form.cleaned_data["registration_key"] or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Permohonan terkirim (kode %(code)s). Bagian persuratan akan memeriksanya.")
            % {"code": request.tracking_code},
        )
        return HttpResponseRedirect(reverse("permohonan:index"))


class _ProtocolOnRequest(LoginRequiredMixin):
    """A page about the online request behind a letter the user may see, for the
    protocol office: who may not see the letter gets 404, anyone else 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        letter = get_object_or_404(letters_visible_to(user=request.user), pk=kwargs["pk"])
        self.online_request = get_object_or_404(OnlineRequest, letter=letter)
        if not has_role(request.user, Role.PROTOCOL_REVIEWER, Role.PROTOCOL_SCHEDULER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AnswerView(_ProtocolOnRequest, generic.FormView):
    """The protocol office answers who asked, from the letter's decision."""

    template_name = "intake/answer.html"
    form_class = AnswerForm

    def get_initial(self) -> dict[str, Any]:
        request = self.online_request
        return {"text": request.answer or services.request_answer_draft(request=request)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(online_request=self.online_request, letter=self.online_request.letter)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AnswerForm) -> HttpResponse:
        try:
            services.request_answer(
                actor=self.request.user, request=self.online_request, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Jawaban dikirim kepada pemohon."))
        return HttpResponseRedirect(reverse("letters:detail", args=[self.online_request.letter_id]))


class ReplyLetterView(_ProtocolOnRequest, generic.View):
    """The answer as a printable *surat balasan* under the region's letterhead, once sent."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.online_request.answer:
            raise Http404
        context = {"online_request": self.online_request, "letter": self.online_request.letter}
        return render(request, "intake/reply_letter.html", context)


def letter_request_panel(request: HttpRequest, letter: Letter) -> str:
    """The letter page's block about the online request behind it: who asked, the code,
    the answer sent, and for the protocol office the button to answer."""
    online = selectors.request_for_letter(letter=letter)
    if online is None:
        return ""
    context = {
        "online_request": online,
        "letter": letter,
        "may_answer": has_role(request.user, Role.PROTOCOL_REVIEWER, Role.PROTOCOL_SCHEDULER)
        and letter.outcome in services.ANSWERABLE,
    }
    return render_to_string("intake/_letter_panel.html", context, request=request)


# Public pages (no account)


def public_request(request: HttpRequest) -> HttpResponse:
    form = PublicRequestForm()
    if request.method == "POST":
        # Every POST counts, valid or not: a flood of bad forms is refused like good ones.
        address_ok = throttle_hit(limit=PUBLIC_REQUEST_PER_IP, key=client_address(request))
        email = request.POST.get("email", "")
        email_ok = not email or throttle_hit(limit=PUBLIC_REQUEST_PER_EMAIL, key=email)
        if not (address_ok and email_ok):
            return _page(
                request, "intake/public_form.html", {"form": form, "refused": TOO_MANY}, 429
            )
        form = PublicRequestForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                online = services.request_submit_public(
                    organisation=form.cleaned_data["organisation"],
                    contact_person=form.cleaned_data["contact_person"],
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    values=form.letter_values(),
                    upload=form.cleaned_data["letter"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                url = reverse("requests_public:status", args=[online.tracking_code])
                return HttpResponseRedirect(f"{url}?baru=1")
        status = 400
        if form.is_bound and form.is_bot():
            form = PublicRequestForm()
        return _page(request, "intake/public_form.html", {"form": form}, status)
    return _page(request, "intake/public_form.html", {"form": form})


def status_lookup(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if code:
            return HttpResponseRedirect(reverse("requests_public:status", args=[code]))
    return _page(request, "intake/status_lookup.html", {"form": form})


def status(request: HttpRequest, code: str) -> HttpResponse:
    if not throttle_hit(limit=STATUS_LOOKUP_PER_IP, key=client_address(request)):
        return _page(request, "intake/status_lookup.html", {"refused": TOO_MANY}, 429)
    try:
        online = selectors.request_by_code(code=services.normalise_code(code))
    except OnlineRequest.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "status": selectors.request_public_status(request=online),
        "new": request.GET.get("baru") == "1",
    }
    return _page(request, "intake/status.html", context)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"  # a code's page is for who holds it
    # The code is in the address: never sent to another site. ("no-referrer" would make the
    # browser send "Origin: null" with the form, which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response
