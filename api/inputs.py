"""What each API action takes. These check the types and document the schema; the rules
themselves (a reason to return or decline, a delegate to represent, a reason for each
clash) are the web's forms' (``workflows.forms``), which the views run on the same values,
and the services'."""

from typing import Any

from rest_framework import serializers

from calendar_sync.models import AgendaItem
from workflows.models import Instruction, LetterState, Outcome
from workflows.services import FOLLOWUP_ACTIONS, REVIEW_DECISIONS

MAX_ID = 2**31 - 1


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _instructions() -> serializers.ListField:
    choices = [code for code, _label in Instruction.choices if code != Instruction.HADIR]
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, default=list
    )


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=REVIEW_DECISIONS)
    leader = _id(required=False, allow_null=True, default=None, help_text="Untuk forward")
    note = _text(help_text="Wajib untuk return dan reject")


class DisposeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    delegates = serializers.ListField(child=_id(), required=False, default=list)
    instructions = _instructions()
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text(help_text="Wajib untuk decline")


class ScheduleTaskInput(serializers.Serializer):
    visibility = serializers.ChoiceField(
        choices=AgendaItem.Visibility.choices, default=AgendaItem.Visibility.INTERNAL
    )
    confirmed = serializers.BooleanField(required=False, default=False)
    clash_reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Alasan tetap menjadwalkan meski bentrok, per id pejabat",
    )

    def form_data(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for official_id, reason in data.pop("clash_reasons").items():
            data[f"override_{official_id}"] = reason
        return data


class FollowUpInput(serializers.Serializer):
    """A follow-up's answer. A delegation: ``action`` (``to``, ``instructions``,
    ``due_date`` when passed on; ``note``). A report: ``held``, ``attendees``, ``notes``,
    ``files``. The speech: ``files``, ``note``, ``ready``. Files need multipart."""

    action = serializers.ChoiceField(choices=FOLLOWUP_ACTIONS, required=False)
    to = _id(required=False, allow_null=True, default=None)
    instructions = _instructions()
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text()
    held = serializers.BooleanField(required=False, allow_null=True, default=None)
    attendees = _text()
    notes = _text()
    ready = serializers.BooleanField(required=False, default=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def form_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.validated_data.items() if k != "files" and v is not None}
        if "held" in data:  # the web's form takes its radio buttons' "1" / "0"
            data["held"] = "1" if data["held"] else "0"
        return data


class RegisterInput(serializers.Serializer):
    """The registration form's fields, as the mailroom's page posts them (multipart)."""

    sender = serializers.CharField(max_length=200)
    sender_department = _id(required=False, allow_null=True)
    letter_number = serializers.CharField(max_length=120)
    letter_date = serializers.DateField()
    received_date = serializers.DateField()
    security_class = serializers.CharField(required=False)
    urgency = serializers.CharField(required=False)
    subject = serializers.CharField(max_length=300)
    addressee = serializers.CharField(max_length=200)
    event_title = serializers.CharField(max_length=300)
    event_time_zone = serializers.CharField(max_length=40)
    local_start = serializers.CharField(help_text="Waktu setempat, mis. 2026-12-02T09:00")
    local_end = _text(help_text="Kosong bila s.d. selesai")
    venue = serializers.CharField(max_length=300)
    outside_region = serializers.BooleanField(required=False, default=False)
    dress_code = _text(max_length=200)
    contact_person = _text(max_length=200)
    registration_key = _text(
        max_length=64, help_text="Sekali pakai: permintaan yang dikirim ulang tidak ganda"
    )
    scans = serializers.ListField(child=serializers.FileField(), min_length=1)


class LetterSearchQuery(serializers.Serializer):
    """The letter list's filters (``workflows.forms.LetterSearchForm``), all optional."""

    q = serializers.CharField(required=False, max_length=200, help_text="Kata yang dicari")
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    event_from = serializers.DateField(required=False)
    event_to = serializers.DateField(required=False)
    sender = serializers.CharField(required=False, max_length=200)
    state = serializers.ChoiceField(choices=LetterState.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    leader = _id(required=False)
    page = _id(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class CorrectInput(serializers.Serializer):
    """A returned letter's corrections (multipart): only the fields that change; the
    rest keep the letter's values. New scans are added as versions, the old kept."""

    sender = serializers.CharField(max_length=200, required=False)
    sender_department = _id(required=False, allow_null=True)
    letter_number = serializers.CharField(max_length=120, required=False)
    letter_date = serializers.DateField(required=False)
    received_date = serializers.DateField(required=False)
    security_class = serializers.CharField(required=False)
    urgency = serializers.CharField(required=False)
    subject = serializers.CharField(max_length=300, required=False)
    addressee = serializers.CharField(max_length=200, required=False)
    event_title = serializers.CharField(max_length=300, required=False)
    event_time_zone = serializers.CharField(max_length=40, required=False)
    local_start = serializers.CharField(
        required=False, help_text="Waktu setempat, mis. 2026-12-02T09:00"
    )
    local_end = serializers.CharField(
        required=False, allow_blank=True, help_text="Kosong bila s.d. selesai"
    )
    venue = serializers.CharField(max_length=300, required=False)
    outside_region = serializers.BooleanField(required=False)
    dress_code = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=200, required=False, allow_blank=True)
    scans = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    note = _text(help_text="Catatan perbaikan")


class VerifyInput(CorrectInput):
    """The mailroom's check of a letter sent online: ``register`` (with any corrections of
    what the sender typed) or ``refuse`` (``note`` is the reason)."""

    decision = serializers.ChoiceField(choices=["register", "refuse"])
    note = _text(help_text="Wajib untuk refuse")
