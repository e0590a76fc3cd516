from io import StringIO

from django.core.management import call_command

from intake.models import OnlineRequest
from workflows.models import Channel, LetterState


def test_the_demo_requests_go_through_the_pages_and_print_the_public_codes(db):
    out = StringIO()
    call_command("seed_demo_requests", stdout=out)
    requests = {r.letter.event_title: r for r in OnlineRequest.objects.select_related("letter")}
    assert len(requests) == 4
    waiting = requests["Peluncuran Aplikasi Sehat Palu"].letter
    assert (waiting.state, waiting.agenda_number) == (LetterState.RECEIVED, None)
    forwarded = requests["Rakor Percepatan Penurunan Stunting"].letter
    assert forwarded.state == LetterState.REVIEWED and forwarded.agenda_number
    answered = requests["Upacara HUT Kodim"]
    assert answered.answer and answered.letter.outcome == "decline"
    for online in OnlineRequest.objects.filter(channel=Channel.PUBLIC):
        assert f"/permohonan/status/{online.tracking_code}/" in out.getvalue()
    # Run again with --if-empty: nothing more, the codes printed again.
    again = StringIO()
    call_command("seed_demo_requests", "--if-empty", stdout=again)
    assert OnlineRequest.objects.count() == 4
    assert answered.tracking_code in again.getvalue()
