"""What the API answers. Reads only: the input of each action is in ``api.inputs``.

A letter's fields are serialized only for someone who may see it (the views fetch it
through ``workflows.selectors``); a task whose letter the caller may not read shows the
task without its letter.
"""

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.kinds import KINDS
from organization.zones import local_span


class OfficialRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    name = serializers.CharField()


class LetterSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agenda_number = serializers.CharField(allow_null=True)
    sender = serializers.CharField()
    subject = serializers.CharField()
    security_class = serializers.CharField()
    urgency = serializers.CharField()
    event_title = serializers.CharField()
    event_start = serializers.DateTimeField()
    event_end = serializers.DateTimeField(allow_null=True)
    event_time_zone = serializers.CharField()
    event_when = serializers.SerializerMethodField(help_text="Waktu acara di zonanya sendiri")
    venue = serializers.CharField()
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField()
    leader = OfficialRefSerializer(allow_null=True)

    def get_event_when(self, letter: Any) -> str:
        return local_span(letter)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    page_count = serializers.IntegerField(allow_null=True)
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="Berkas asli (pembukaan dicatat)")
    derived = serializers.SerializerMethodField(help_text="Berkas turunan: pdfa, thumbnail")

    def get_url(self, document: Any) -> str:
        letter_id = self.context["letter_id"]
        return reverse("api:letter-document", args=[letter_id, document.pk])

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_derived(self, document: Any) -> dict[str, str]:
        letter_id = self.context["letter_id"]
        return {
            name: reverse("api:letter-document-derived", args=[letter_id, document.pk, name])
            for name, kind in KINDS.items()
            if getattr(document, kind.field)
        }


class LetterEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    on_behalf_of = serializers.CharField(source="on_behalf_of.title", allow_null=True, default=None)
    note = serializers.CharField()
    at = serializers.DateTimeField()


class RecipientSerializer(serializers.Serializer):
    official = OfficialRefSerializer()
    instructions = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    attends = serializers.BooleanField()


class DispositionSerializer(serializers.Serializer):
    leader = OfficialRefSerializer()
    outcome = serializers.CharField()
    note = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username")
    on_behalf = serializers.BooleanField()
    decided_at = serializers.DateTimeField()
    recipients = RecipientSerializer(many=True, source="recipients.all")


class LetterDetailSerializer(LetterSummarySerializer):
    letter_number = serializers.CharField()
    letter_date = serializers.DateField()
    received_date = serializers.DateField()
    addressee = serializers.CharField()
    channel = serializers.CharField()
    outside_region = serializers.BooleanField()
    dress_code = serializers.CharField()
    contact_person = serializers.CharField()
    sender_department = serializers.CharField(
        source="sender_department.name", allow_null=True, default=None
    )
    registered_at = serializers.DateTimeField()
    documents = serializers.SerializerMethodField()
    history = LetterEventSerializer(many=True, source="events.all")
    dispositions = DispositionSerializer(many=True, source="dispositions.all")

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, letter: Any) -> list[dict[str, Any]]:
        return DocumentSerializer(
            letter.documents.all(), many=True, context={"letter_id": letter.pk}
        ).data


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    process_id = serializers.IntegerField()
    node = serializers.SerializerMethodField(help_text="review, dispose, schedule, ...")
    title = serializers.SerializerMethodField()
    status = serializers.CharField()
    created = serializers.DateTimeField()
    assigned_to_me = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField(
        help_text="Kosong bila pemanggil tidak berhak membaca suratnya"
    )

    def get_node(self, task: Any) -> str:
        return task.flow_task.name

    def get_title(self, task: Any) -> str:
        return str(task.title)

    def get_assigned_to_me(self, task: Any) -> bool:
        return task.owner_id == self.context["request"].user.pk

    @extend_schema_field(LetterSummarySerializer(allow_null=True))
    def get_letter(self, task: Any) -> dict[str, Any] | None:
        letter = getattr(getattr(task.process, "letterprocess", None), "letter", None)
        if letter is None or letter.pk not in self.context["visible_letter_ids"]:
            return None
        return LetterSummarySerializer(letter).data


class TaskResultSerializer(serializers.Serializer):
    letter = LetterSummarySerializer(allow_null=True)
    next_tasks = TaskSerializer(many=True)


class AgendaEntrySerializer(serializers.Serializer):
    """An agenda item as the caller may read it: a confidential item they may not read is
    "Sibuk", without venue or description (``calendar_sync`` ``AgendaEntry``)."""

    id = serializers.IntegerField(source="pk")
    official = OfficialRefSerializer()
    title = serializers.CharField()
    venue = serializers.CharField()
    description = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    local_start = serializers.SerializerMethodField()
    local_end = serializers.SerializerMethodField()
    zone_word = serializers.CharField()
    status = serializers.CharField()
    details_visible = serializers.BooleanField(source="visible")

    @extend_schema_field(OpenApiTypes.STR)
    def get_local_start(self, entry: Any) -> str:
        return entry.local_start.replace(tzinfo=None).isoformat(timespec="minutes")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_local_end(self, entry: Any) -> str | None:
        end = entry.local_end
        return end.replace(tzinfo=None).isoformat(timespec="minutes") if end else None


class PublicAgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    official = serializers.CharField(source="official.title")
    title = serializers.CharField()
    venue = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    zone_word = serializers.CharField()
    when = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_when(self, item: Any) -> str:
        return local_span(item)


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    official = OfficialRefSerializer(allow_null=True)
    instructions = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    letter = LetterSummarySerializer()


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField(help_text="Halaman yang dituju, di web")
    actor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_actor(self, notification: Any) -> str | None:
        actor = notification.actor
        return (actor.get_full_name() or actor.username) if actor else None


class NotificationsReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Berapa yang tadinya belum dibaca")
    unread_count = serializers.IntegerField()


class _Page(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)


class TaskPageSerializer(_Page):
    results = TaskSerializer(many=True)


class FollowUpPageSerializer(_Page):
    results = FollowUpSerializer(many=True)


class OfficialClashesSerializer(serializers.Serializer):
    official = OfficialRefSerializer()
    clashes = AgendaEntrySerializer(many=True, help_text="Acara lain yang bentrok")


class TaskDetailSerializer(TaskSerializer):
    """A task with what its page shows beside the form: the agenda clashes of whoever
    would attend (the leaders for a review, the leader for a disposition, each attending
    official for the schedule; these need a written reason)."""

    clashes = OfficialClashesSerializer(many=True)


class NotificationPageSerializer(_Page):
    results = NotificationSerializer(many=True)
    unread_count = serializers.IntegerField(help_text="Angka pada lonceng")


class LetterPageSerializer(_Page):
    results = LetterSummarySerializer(many=True)
