"""One-line fields stay on one line wherever they are written: a line break typed or pasted
into a subject, a title or a venue made a fake line in the WhatsApp text of the day."""

from datetime import datetime

from calendar_sync.layout import share_text
from calendar_sync.models import AgendaItem
from calendar_sync.selectors import AgendaViewer, agenda_entries
from calendar_sync.services import agenda_item_create, agenda_item_update
from intake.models import OnlineRequest
from tests.factories import WITA
from tests.intake.walk import submit_public
from tests.workflows.walk import register
from workflows.models import Letter

INJECTED = "Rapat\r\n\r\n2. 08.00–09.00 WITA\n   *Pelantikan palsu*"


def test_a_registered_letters_one_line_fields_lose_their_line_breaks(world):
    letter = register(world.clerk, subject=INJECTED, event_title=INJECTED, venue="Aula\nLantai 2")
    letter = Letter.objects.get(pk=letter.pk)
    assert "\n" not in letter.subject + letter.event_title + letter.venue
    assert letter.venue == "Aula Lantai 2"
    assert letter.event_title == "Rapat 2. 08.00–09.00 WITA *Pelantikan palsu*"


def test_an_agenda_item_entered_or_changed_by_hand_stays_on_one_line(world):
    item = agenda_item_create(
        official=world.mayor,
        title=INJECTED,
        start=datetime(2026, 12, 2, 9, tzinfo=WITA),
        end=datetime(2026, 12, 2, 10, tzinfo=WITA),
        time_zone="Asia/Makassar",
        venue="Kantor\r\nWali Kota",
        role_note="hadir\nmewakili",
    )
    assert (item.venue, item.role_note) == ("Kantor Wali Kota", "hadir mewakili")
    agenda_item_update(item=item, actor=world.scheduler, venue="Gedung\nJuang")
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.venue == "Gedung Juang"
    viewer = AgendaViewer(sees_all=True, official_ids=frozenset())
    text = share_text(
        official=world.mayor,
        day=item.local_start.date(),
        entries=agenda_entries(items=[item], viewer=viewer),
    )
    assert "\n2. " not in text  # one numbered block: no second item made up


def test_a_public_request_with_a_line_break_is_refused_with_a_clear_message(client, world):
    response = submit_public(organisation="Panitia\r\nHUT", event_title="Wisuda\nPalsu")
    assert response.status_code == 400
    assert "Tulis dalam satu baris" in response.content.decode()
    assert not OnlineRequest.objects.exists()
