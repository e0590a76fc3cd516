"""Bulk letters for benchmarks: rows that mirror what the flow writes, inserted in batches."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from calendar_sync.models import AgendaItem
from documents.models import Document
from documents.services import document_store
from organization.demo import DemoOrganisation
from organization.models import Official, Region
from organization.permissions import (
    REGISTER_LETTER,
    REVIEW_LETTER,
    SCHEDULE_LETTER,
    act_for_leader_permission,
)
from workflows.deadlines import archive_due_at, escalation_due_at
from workflows.demo.letters import MINIMAL_PDF, ZONES
from workflows.flows import LetterFlow
from workflows.models import (
    AgendaCounter,
    Disposition,
    DispositionRecipient,
    Letter,
    LetterEvent,
    LetterProcess,
)
from workflows.services._common import record_many

BULK_DOCUMENT_NAME = "surat-undangan-massal.pdf"
BATCH = 2000

# One cycle of 50 letters, roughly a year in a city office: most are archived, a few sit
# in each open state. (kind, how many per 50)
BULK_MIX: list[tuple[str, int]] = [
    ("archived_attend", 22),
    ("archived_represent", 6),
    ("archived_decline", 4),
    ("archived_rejected", 3),
    ("archived_file", 2),
    ("archived_cancelled", 1),
    ("received", 4),
    ("received_assigned", 1),
    ("returned", 1),
    ("reviewed", 2),
    ("disposed", 1),
    ("scheduled", 3),
]
OPEN_KINDS = {"received", "received_assigned", "returned", "reviewed", "disposed", "scheduled"}

# (sender, our department or "", letter number pattern)
BULK_SENDERS: list[tuple[str, str, str]] = [
    ("Dinas Kesehatan Kota Palu", "Dinas Kesehatan", "440/{n}/Dinkes/{y}"),
    ("Dinas Pendidikan Kota Palu", "Dinas Pendidikan", "420/{n}/Disdik/{y}"),
    ("Dinas PUPR Kota Palu", "Dinas PUPR", "600/{n}/PUPR/{y}"),
    ("Dinas Sosial Kota Palu", "Dinas Sosial", "460/{n}/Dinsos/{y}"),
    ("Bappeda Kota Palu", "Bappeda", "050/{n}/Bappeda/{y}"),
    ("BPBD Kota Palu", "BPBD", "360/{n}/BPBD/{y}"),
    ("Kecamatan Palu Barat", "Kecamatan Palu Barat", "005/{n}/Kec.PB/{y}"),
    ("Kecamatan Palu Timur", "Kecamatan Palu Timur", "005/{n}/Kec.PT/{y}"),
    ("Polres Palu", "", "B/{n}/XI/HUM.3.4./{y}"),
    ("Kodim 1306/Kota Palu", "", "B/{n}/{y}"),
    ("Universitas Tadulako", "", "{n}/UN28/KM/{y}"),
    ("UIN Datokarama Palu", "", "B-{n}/Un.24/R/{y}"),
    ("Pemerintah Provinsi Sulawesi Tengah", "", "005/{n}/Ro.Umum/{y}"),
    ("Kementerian Dalam Negeri", "", "000.1/{n}/OTDA"),
    ("Bank Indonesia Perwakilan Sulawesi Tengah", "", "{y}/{n}/Plu/Srt/B"),
    ("KONI Kota Palu", "", "{n}/KONI-PL/{y}"),
    ("TP PKK Kota Palu", "", "{n}/PKK-PL/{y}"),
    ("Majelis Ulama Indonesia Kota Palu", "", "{n}/MUI-PL/{y}"),
    ("PT PLN (Persero) UP3 Palu", "", "{n}/UP3-PAL/{y}"),
    ("Kadin Kota Palu", "", "{n}/KADIN-PL/{y}"),
]
BULK_EVENTS: list[str] = [
    "Pembukaan Rapat Kerja Daerah",
    "Peresmian Gedung Layanan Terpadu",
    "Upacara Peringatan Hari Jadi",
    "Musyawarah Perencanaan Pembangunan",
    "Pelantikan Pengurus Periode Baru",
    "Sosialisasi Program Penanganan Stunting",
    "Rapat Koordinasi Penanggulangan Bencana",
    "Pembukaan Turnamen Sepak Bola Antarkelurahan",
    "Halal Bihalal dan Silaturahmi",
    "Seminar Nasional Kota Tangguh Bencana",
    "Penyerahan Bantuan Rumah Layak Huni",
    "Launching Aplikasi Pelayanan Publik",
    "Wisuda dan Pengukuhan Lulusan",
    "Festival Budaya Teluk Palu",
    "Apel Gelar Pasukan Pengamanan",
    "Dialog Publik Pelayanan Kesehatan",
]
BULK_VENUES: list[str] = [
    "Ruang Rapat Bantaya, Kantor Wali Kota Palu",
    "Aula Kantor Camat Palu Barat",
    "Auditorium Universitas Tadulako",
    "Hotel Santika Palu",
    "Hotel Best Western Coco Palu",
    "Gedung Juang Palu",
    "Lapangan Vatulemo",
    "Taman GOR Palu",
    "Anjungan Pantai Talise",
    "Stadion Gawalise",
    "Masjid Agung Darussalam Palu",
    "Palu Grand Mall",
]
FAR_VENUES = {
    "Asia/Jakarta": "Hotel Borobudur, Jakarta",
    "Asia/Jayapura": "Hotel Horison Kotaraja, Jayapura",
}
START_TIMES = [(7, 30), (8, 0), (8, 30), (9, 0), (10, 0), (13, 30), (14, 0), (15, 30), (19, 30)]


@contextmanager
def explicit_timestamps(*models: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the historic times they are given: auto_now/auto_now_add
    would stamp every row with the moment of seeding."""
    switched = [
        (f, f.auto_now, f.auto_now_add)
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for f, _now, _add in switched:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in switched:
            f.auto_now, f.auto_now_add = now, add


@dataclass
class BulkLetter:
    """One bulk letter before insertion: its Letter, and the rows that hang off it."""

    kind: str
    letter: Letter
    process: Process
    # (node, status, owner, permission, created, finished, scheduled, previous index)
    tasks: list[tuple[Any, str, Any, str | None, datetime, datetime | None, Any, int | None]] = (
        field(default_factory=list)
    )
    events: list[LetterEvent] = field(default_factory=list)
    disposition: Disposition | None = None
    recipients: list[DispositionRecipient] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)

    def task(
        self,
        node: Any,
        status: str,
        at: datetime,
        *,
        finished: datetime | None = None,
        owner: Any = None,
        permission: str | None = None,
        scheduled: datetime | None = None,
        after: int | None = -1,
    ) -> int:
        """Add a task; ``after`` is the index of its previous task (-1: the last one)."""
        if not self.tasks:
            previous = None  # the start task
        else:
            previous = len(self.tasks) - 1 if after == -1 else after
        self.tasks.append((node, status, owner, permission, at, finished, scheduled, previous))
        return len(self.tasks) - 1

    def event(
        self,
        action: str,
        from_state: str,
        to_state: str,
        at: datetime,
        actor: Any = None,
        note: str = "",
        on_behalf_of: Official | None = None,
    ) -> None:
        self.events.append(
            LetterEvent(
                action=action,
                from_state=from_state,
                to_state=to_state,
                at=at,
                actor=actor,
                note=note,
                on_behalf_of=on_behalf_of,
            )
        )


class BulkLetterBuilder:
    """Builds the rows of bulk letters, each following one path of LetterFlow."""

    def __init__(self, org: DemoOrganisation, rng: random.Random, now: datetime) -> None:
        self.org, self.rng, self.now = org, rng, now
        self.region = org.region
        self.zone = org.region.zone
        self.today = now.astimezone(self.zone).date()
        self.clerk = org.user("persuratan")
        self.reviewer = org.user("protokol")
        self.scheduler = org.user("penjadwal")
        self.disposers = {
            org.leaders["mayor"].pk: ["walikota", "ajudan_walikota", "sespri_walikota"],
            org.leaders["deputy"].pk: ["wakil", "ajudan_wakil"],
            org.leaders["sekda"].pk: ["sekda", "ajudan_sekda"],
        }
        self.leader_weights = [
            (org.leaders["mayor"], 60),
            (org.leaders["deputy"], 25),
            (org.leaders["sekda"], 15),
        ]
        self.delegates = list(org.heads.values())
        # The timer boundary of .OnTimeout on the dispose task.
        self.dispose_timeout = LetterFlow.instance.node("dispose__timeout")

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=self.rng.randint(int(low * 60), int(high * 60)))

    def letter(self, kind: str) -> Letter:
        rng = self.rng
        if kind in OPEN_KINDS:
            event_day = self.today + timedelta(days=rng.randint(2, 60))
            received = self.today - timedelta(days=rng.randint(2, 7))
        else:
            event_day = self.today - timedelta(days=rng.randint(5, 365))
            received = event_day - timedelta(days=rng.randint(4, 21))
        zone_name = rng.choices(list(ZONES.values()), weights=[7, 90, 3])[0]
        far = zone_name != self.region.time_zone
        hour, minute = rng.choice(START_TIMES)
        start = datetime.combine(event_day, time(hour, minute), tzinfo=ZoneInfo(zone_name))
        shape = rng.random()
        if shape < 0.1:
            end = None  # s.d. selesai
        elif shape < 0.15:
            end = start + timedelta(days=rng.randint(1, 2), hours=8)
        else:
            end = start + timedelta(hours=rng.choice([1.5, 2, 2.5, 3, 4]))
        sender, department, number = rng.choice(BULK_SENDERS)
        title = rng.choice(BULK_EVENTS)
        letter_date = received - timedelta(days=rng.randint(1, 5))
        return Letter(
            received_date=received,
            registered_by=self.clerk,
            sender=sender,
            sender_department=self.org.departments.get(department),
            letter_number=number.format(n=rng.randint(100, 9999), y=letter_date.year),
            letter_date=letter_date,
            security_class="biasa",
            urgency=rng.choices(["biasa", "segera", "sangat_segera"], weights=[70, 25, 5])[0],
            subject=f"Undangan {title}",
            addressee="",
            event_title=f"{title} {sender.split(' Kota')[0]}",
            event_start=start,
            event_end=end,
            event_time_zone=zone_name,
            venue=FAR_VENUES[zone_name] if far else rng.choice(BULK_VENUES),
            outside_region=far,
            dress_code=rng.choice(["Batik", "PSL", "PDH", "Bebas rapi"]),
            contact_person=f"Sekretariat, 08{rng.randint(11, 53)}-{rng.randint(1000, 9999)}-"
            f"{rng.randint(1000, 9999)}",
        )

    def build(self, kind: str) -> BulkLetter:
        letter = self.letter(kind)
        local_registered = datetime.combine(
            letter.received_date, time(8, 0), tzinfo=self.zone
        ) + self.hours(0, 7)
        registered = local_registered.astimezone(UTC)
        letter.registered_at = registered
        bulk = BulkLetter(
            kind=kind,
            letter=letter,
            process=Process(flow_class=LetterFlow, status="NEW", created=registered),
        )
        bulk.task(LetterFlow.register, "DONE", registered, finished=registered, owner=self.clerk)
        bulk.event("register", "", "received", registered, self.clerk, "Surat diregistrasi.")
        review_perm = REVIEW_LETTER
        if kind == "received":
            bulk.task(LetterFlow.review, "NEW", registered, permission=review_perm)
            return self.finish(bulk, "received", registered)
        if kind == "received_assigned":
            bulk.task(
                LetterFlow.review,
                "ASSIGNED",
                registered,
                owner=self.reviewer,
                permission=review_perm,
            )
            return self.finish(bulk, "received", registered)
        reviewed = registered + self.hours(1, 6)
        bulk.task(
            LetterFlow.review,
            "DONE",
            registered,
            finished=reviewed,
            owner=self.reviewer,
            permission=review_perm,
        )
        bulk.task(LetterFlow.after_review, "DONE", reviewed, finished=reviewed)
        if kind == "returned":
            reason = "Lampiran tidak lengkap; mohon dilengkapi."
            bulk.event("return", "received", "returned", reviewed, self.reviewer, reason)
            bulk.task(
                LetterFlow.correct,
                "ASSIGNED",
                reviewed,
                owner=self.clerk,
                permission=REGISTER_LETTER,
            )
            return self.finish(bulk, "returned", reviewed)
        if kind == "archived_rejected":
            reason = "Bukan untuk pimpinan; cukup ditangani OPD teknis."
            bulk.event("reject", "received", "rejected", reviewed, self.reviewer, reason)
            return self.archive(bulk, "rejected", reviewed, "")
        leader = self.rng.choices(*zip(*self.leader_weights, strict=True))[0]
        letter.leader = leader
        letter.addressee = leader.title
        bulk.event("forward", "received", "reviewed", reviewed, self.reviewer)
        # Assigned to the leader, as the flow does (their staff act on it too).
        dispose_task = bulk.task(
            LetterFlow.dispose,
            "ASSIGNED" if leader.user_id else "NEW",
            reviewed,
            owner=leader.user,
            permission=act_for_leader_permission(leader.pk),
        )
        due = escalation_due_at(letter, since=reviewed)
        if kind == "reviewed":
            if due <= self.now:
                timer = bulk.task(self.dispose_timeout, "DONE", reviewed, finished=due)
                bulk.task(LetterFlow.escalate, "DONE", due, finished=due, after=timer)
                bulk.task(LetterFlow.escalation_done, "DONE", due, finished=due)
                letter.escalated_at = due
                note = "Disposisi tertunda; diteruskan ke ajudan/sespri."
                bulk.event("escalate", "reviewed", "reviewed", due, None, note)
            else:
                bulk.task(self.dispose_timeout, "SCHEDULED", reviewed, scheduled=due)
            return self.finish(bulk, "reviewed", reviewed)
        outcome = {
            "archived_decline": "decline",
            "archived_file": "file",
            "archived_represent": "represent",
        }.get(kind, "attend")
        disposed = reviewed + self.hours(1, 12)
        disposer = self.org.user(self.rng.choice(self.disposers[leader.pk]))
        on_behalf = None if disposer.pk == leader.user_id else leader
        done = list(bulk.tasks[dispose_task])
        done[1], done[2], done[5] = "DONE", disposer, disposed
        bulk.tasks[dispose_task] = tuple(done)
        bulk.task(
            self.dispose_timeout,
            "CANCELED",
            reviewed,
            finished=disposed,
            scheduled=due,
            after=dispose_task,
        )
        letter.outcome = outcome
        note = {
            "attend": "Hadir. Protokol siapkan sambutan.",
            "represent": "Diwakilkan.",
            "decline": "Pimpinan berhalangan; mohon maaf tidak dapat hadir.",
            "file": "Untuk diketahui dan diarsipkan.",
        }[outcome]
        if outcome == "decline":
            bulk.event("decline", "reviewed", "declined", disposed, disposer, note, on_behalf)
        else:
            action = f"dispose_{outcome}"
            bulk.event(action, "reviewed", "disposed", disposed, disposer, note, on_behalf)
        bulk.disposition = Disposition(
            leader=leader,
            outcome=outcome,
            note=note,
            decided_by=disposer,
            on_behalf=on_behalf is not None,
            decided_at=disposed,
        )
        attending = []
        if outcome == "attend":
            attending = [leader]
            bulk.recipients.append(
                DispositionRecipient(official=leader, instructions=["hadir", "sambutan"])
            )
        elif outcome == "represent":
            candidates = [o for o in self.org.leaders.values() if o.rank > leader.rank]
            attending = [self.rng.choice(candidates + self.delegates)]
            bulk.recipients.append(
                DispositionRecipient(official=attending[0], instructions=["wakili"])
            )
        elif outcome == "file":
            bulk.recipients.append(
                DispositionRecipient(
                    official=self.rng.choice(self.delegates),
                    instructions=["diketahui", "arsip"],
                    attends=False,
                )
            )
        bulk.task(
            LetterFlow.after_disposition, "DONE", disposed, finished=disposed, after=dispose_task
        )
        if outcome in ("decline", "file"):
            from_state = "declined" if outcome == "decline" else "disposed"
            return self.archive(bulk, from_state, disposed, "")
        if kind == "disposed":
            bulk.task(LetterFlow.schedule, "NEW", disposed, permission=SCHEDULE_LETTER)
            return self.finish(bulk, "disposed", disposed)
        scheduled = disposed + self.hours(1, 6)
        bulk.task(
            LetterFlow.schedule,
            "DONE",
            disposed,
            finished=scheduled,
            owner=self.scheduler,
            permission=SCHEDULE_LETTER,
        )
        bulk.event("schedule", "disposed", "scheduled", scheduled, self.scheduler)
        for official in attending:
            bulk.agenda.append(
                AgendaItem(
                    official=official,
                    **letter.agenda_event_fields(),
                    visibility="public",
                    status="confirmed",
                    role_note="Hadir" if outcome == "attend" else f"Mewakili {leader.title}",
                    created_by=self.scheduler,
                    created_at=scheduled,
                    updated_at=scheduled,
                )
            )
        archive_due = archive_due_at(letter)
        if kind == "scheduled":
            bulk.task(LetterFlow.wait_for_event, "SCHEDULED", scheduled, scheduled=archive_due)
            return self.finish(bulk, "scheduled", scheduled)
        if kind == "archived_cancelled":
            cancelled = scheduled + (letter.event_start - scheduled) / 2
            bulk.task(
                LetterFlow.wait_for_event,
                "CANCELED",
                scheduled,
                finished=cancelled,
                scheduled=archive_due,
            )
            note = f"Surat pembatalan dari {letter.sender}."
            bulk.event("cancel", "scheduled", "cancelled", cancelled, self.clerk, note)
            for item in bulk.agenda:
                item.status, item.updated_at = "cancelled", cancelled
            bulk.process.status = "CANCELED"
            note = "Diarsipkan setelah dibatalkan pengirim."
            return self.archive(bulk, "cancelled", cancelled, note, flow_closed=True)
        bulk.task(
            LetterFlow.wait_for_event,
            "DONE",
            scheduled,
            finished=archive_due,
            scheduled=archive_due,
        )
        return self.archive(bulk, "scheduled", archive_due, "")

    def archive(
        self, bulk: BulkLetter, from_state: str, at: datetime, note: str, flow_closed: bool = False
    ) -> BulkLetter:
        if not flow_closed:
            bulk.task(LetterFlow.archive, "DONE", at, finished=at)
            bulk.task(LetterFlow.end, "DONE", at, finished=at)
            bulk.process.status = "DONE"
        bulk.process.finished = at
        bulk.event("archive", from_state, "archived", at, None, note or "Diarsipkan otomatis.")
        return self.finish(bulk, "archived", at)

    def finish(self, bulk: BulkLetter, state: str, at: datetime) -> BulkLetter:
        # The FSM field is protected: set it the way django-fsm does on load.
        bulk.letter.__dict__["state"] = state
        bulk.letter.updated_at = at
        return bulk


def _reserve_agenda_numbers(year: int, count: int) -> int:
    """Take ``count`` consecutive agenda numbers of ``year``; return the first."""
    updated = AgendaCounter.objects.filter(year=year).update(last=F("last") + count)
    if not updated:
        AgendaCounter.objects.create(year=year, last=count)
        return 1
    return AgendaCounter.objects.get(year=year).last - count + 1


def _bulk_document(clerk: Any) -> Document:
    document = Document.objects.filter(original_name=BULK_DOCUMENT_NAME).first()
    if document is None:
        upload = SimpleUploadedFile(BULK_DOCUMENT_NAME, MINIMAL_PDF, "application/pdf")
        document = document_store(upload=upload, uploaded_by=clerk)
    return document


@transaction.atomic
def _insert_batch(batch: list[BulkLetter], region: Region, document: Document) -> None:
    if not connection.features.can_return_rows_from_bulk_insert:
        raise CommandError("--letters needs a database that returns ids from bulk inserts.")
    batch.sort(key=lambda b: (b.letter.received_date, b.letter.registered_at))
    by_year: dict[int, list[Letter]] = {}
    for bulk in batch:
        by_year.setdefault(bulk.letter.received_date.year, []).append(bulk.letter)
    for year, letters in by_year.items():
        first = _reserve_agenda_numbers(year, len(letters))
        for offset, letter in enumerate(letters):
            letter.agenda_year, letter.agenda_sequence = year, first + offset
            letter.agenda_number = region.format_agenda_number(number=first + offset, year=year)
    Letter.objects.bulk_create([b.letter for b in batch])
    Letter.documents.through.objects.bulk_create(
        Letter.documents.through(letter_id=b.letter.pk, document_id=document.pk) for b in batch
    )
    Process.objects.bulk_create([b.process for b in batch])
    # LetterProcess is a multi-table child of Process, which bulk_create refuses: insert
    # the child rows (parent link + letter) directly.
    meta = LetterProcess._meta
    qn = connection.ops.quote_name
    columns = (meta.get_field("process_ptr").column, meta.get_field("letter").column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {qn(meta.db_table)} ({qn(columns[0])}, {qn(columns[1])}) VALUES (%s, %s)",
            [(b.process.pk, b.letter.pk) for b in batch],
        )
    tasks: list[Task] = []
    links: list[tuple[int, int]] = []  # (index in tasks, index of its previous)
    for bulk in batch:
        base = len(tasks)
        for node, status, owner, perm, created, finished, scheduled, previous in bulk.tasks:
            # As the engine leaves them: gateways record no start, open tasks none yet.
            gateway = node.task_type in ("SWITCH", "EXCLUSIVE_GATEWAY")
            started = created if status == "DONE" and not gateway else None
            tasks.append(
                Task(
                    process_id=bulk.process.pk,
                    flow_task=node,
                    flow_task_type=node.task_type,
                    status=status,
                    owner=owner,
                    owner_permission=perm,
                    created=created,
                    started=started,
                    finished=finished,
                    scheduled=scheduled,
                )
            )
            if previous is not None:
                links.append((len(tasks) - 1, base + previous))
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    through = Task.previous.through
    through.objects.bulk_create(
        (through(from_task_id=tasks[a].pk, to_task_id=tasks[b].pk) for a, b in links),
        batch_size=BATCH,
    )
    events, dispositions, agenda = [], [], []
    for bulk in batch:
        for event in bulk.events:
            event.letter = bulk.letter
            events.append(event)
        if bulk.disposition is not None:
            bulk.disposition.letter = bulk.letter
            dispositions.append(bulk.disposition)
        for item in bulk.agenda:
            item.source = bulk.letter.agenda_source
            agenda.append(item)
    record_many(events, batch_size=BATCH)
    Disposition.objects.bulk_create(dispositions, batch_size=BATCH)
    recipients = []
    for bulk in batch:
        for recipient in bulk.recipients:
            recipient.disposition = bulk.disposition
            recipients.append(recipient)
    DispositionRecipient.objects.bulk_create(recipients, batch_size=BATCH)
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)


def bulk_letters_create(*, org: DemoOrganisation, count: int, log: Any = print) -> None:
    """Insert ``count`` letters in the BULK_MIX of states, in batches of BATCH letters."""
    began = monotonic()
    now = timezone.now()
    rng = random.Random(Letter.objects.count())
    builder = BulkLetterBuilder(org, rng, now)
    cycle = [kind for kind, weight in BULK_MIX for _ in range(weight)]
    kinds: list[str] = []
    while len(kinds) < count:
        rng.shuffle(cycle)
        kinds.extend(cycle)
    document = _bulk_document(builder.clerk)
    done = 0
    with explicit_timestamps(Letter, LetterEvent, Disposition, AgendaItem):
        for start in range(0, count, BATCH):
            batch = [builder.build(kind) for kind in kinds[start : start + BATCH][: count - start]]
            _insert_batch(batch, org.region, document)
            done += len(batch)
            log(f"  {done}/{count} surat massal ({monotonic() - began:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"{count} surat massal dibuat dalam {monotonic() - began:.0f} s.")
