"""Calendar feeds (RFC 5545): the public feed, each official's private feed, and the page
that hands out and revokes private feed addresses.

Every feed is parsed back with ``icalendar``. The agenda dates are fixed (December 2026),
and the feed's window follows today, so the ``clock`` fixture holds today at 23 November
2026 while still ticking (``auto_now`` stamps keep moving forward).
"""

import gzip
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar

from calendar_sync import feeds
from calendar_sync.models import AgendaItem, FeedToken
from calendar_sync.services import (
    agenda_items_cancel_for_source,
    agenda_items_move_for_source,
    feed_token_create,
    feed_token_revoke,
)
from tests.factories import PASSWORD, WITA, login_verified, make_world
from tests.factories import public_agenda_item as add_item

WIB = ZoneInfo("Asia/Jakarta")
PUBLIC_FEED = "/agenda/public.ics"


class Clock:
    """``timezone.now`` shifted to a fixed day, still ticking; ``advance`` moves it on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
        real_now = timezone.now
        self.offset = start - real_now()
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, datetime(2026, 11, 23, 6, 0, tzinfo=UTC))


@pytest.fixture
def world(db, clock):
    return make_world()  # region on WITA, open end counts as 120 minutes


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = WITA, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=zone)


def fetch(url: str = PUBLIC_FEED, **headers):
    response = Client().get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return response


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def private_url(token: FeedToken) -> str:
    return reverse("public_agenda:private_feed", args=[token.token])


# The public feed


def test_the_public_feed_is_a_published_calendar_with_the_regions_zone(world):
    add_item(world.mayor, at(2, 9), at(2, 12))

    response = fetch()

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "max-age=300" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Lontar//Agenda Pimpinan//ID"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Agenda Pimpinan Kota Palu"
    assert calendar["X-WR-TIMEZONE"] == "Asia/Makassar"
    assert len(calendar.walk("VEVENT")) == 1


def test_every_line_of_a_feed_is_crlf_terminated_and_at_most_75_octets(world):
    add_item(
        world.mayor,
        at(2, 9),
        at(2, 12),
        title="Peresmian Jembatan Palu IV, Kelurahan Lere; dihadiri Menteri PUPR — "
        "pembukaan “Festival Pesona Palu Nomoni” bersama para tokoh adat Kaili",
        venue="Anjungan Pantai Talise, Jl. Rajamoili\nKota Palu",
        role_note="Hadir, memberi sambutan",
    )

    body = fetch().content

    assert body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    (event,) = events(fetch()).values()
    # Folding, escaping and UTF-8 come back exactly.
    assert event["SUMMARY"] == (
        "Wali Kota Palu: Peresmian Jembatan Palu IV, Kelurahan Lere; dihadiri Menteri PUPR — "
        "pembukaan “Festival Pesona Palu Nomoni” bersama para tokoh adat Kaili"
    )
    assert event["LOCATION"] == "Anjungan Pantai Talise, Jl. Rajamoili\nKota Palu"
    assert "Hadir, memberi sambutan" in event["DESCRIPTION"]


def test_a_wita_item_is_at_the_right_instant_for_a_wib_subscriber(world):
    item = add_item(world.mayor, at(2, 9), at(2, 12))

    response = fetch()

    assert b"DTSTART:20261202T010000Z\r\n" in response.content
    assert b"DTEND:20261202T040000Z\r\n" in response.content
    event = events(response)[item.uid]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    # A phone set to WIB shows it at 08.00, the same instant as 09.00 WITA.
    assert start.astimezone(WIB).strftime("%Y-%m-%d %H:%M") == "2026-12-02 08:00"
    assert end.astimezone(WIB).strftime("%H:%M") == "11:00"
    assert start.astimezone(WITA).strftime("%H:%M") == "09:00"
    assert "09.00–12.00 WITA" in event["DESCRIPTION"]


def test_each_event_carries_uid_sequence_status_class_and_change_stamps(world):
    item = add_item(world.mayor, at(2, 9), at(2, 12), status=AgendaItem.Status.TENTATIVE)

    event = events(fetch())[item.uid]

    assert event["UID"] == item.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "TENTATIVE"
    assert event["CLASS"] == "PUBLIC"
    assert event["SUMMARY"] == "Wali Kota Palu: Pembukaan Pekan Imunisasi"
    assert event["LOCATION"] == "Aula Dinas Kesehatan"
    item.refresh_from_db()
    assert event.decoded("LAST-MODIFIED") == item.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == item.updated_at.replace(microsecond=0)


def test_the_uid_stays_and_the_sequence_grows_when_an_item_moves(world):
    item = add_item(world.mayor, at(2, 9), at(2, 12), source="letter:7")
    first, second = fetch(), fetch()
    assert events(first)[item.uid]["SEQUENCE"] == events(second)[item.uid]["SEQUENCE"] == 0
    assert first["ETag"] == second["ETag"]
    assert first.content == second.content

    moved = agenda_items_move_for_source(
        source="letter:7",
        start=at(9, 14, zone=WIB),
        end=at(9, 16, zone=WIB),
        time_zone="Asia/Jakarta",
        venue="Gedung Juang",
    )
    assert moved == 1
    after = fetch()

    assert list(events(after)) == [item.uid]
    event = events(after)[item.uid]
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "TENTATIVE"  # a postponed event is tentative again
    assert event.decoded("DTSTART") == datetime(2026, 12, 9, 7, 0, tzinfo=UTC)
    assert event["LOCATION"] == "Gedung Juang"
    assert after["ETag"] != first["ETag"]


def test_a_cancelled_item_stays_in_the_feed_as_cancelled_for_thirty_days(world, clock):
    item = add_item(world.mayor, at(2, 9), at(2, 12), source="letter:8")
    add_item(world.deputy, at(3, 9), at(3, 12), title="Rapat paripurna", source="letter:9")

    assert agenda_items_cancel_for_source(source="letter:8") == 1
    event = events(fetch())[item.uid]

    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["TRANSP"] == "TRANSPARENT"

    clock.advance(days=31)
    # Still in the window (which runs from 90 days back) but cancelled long ago: gone.
    assert item.uid not in events(fetch())
    assert len(events(fetch())) == 1


def test_an_open_end_lasts_the_regions_default_duration(world):
    item = add_item(world.mayor, at(2, 19, 30), None, title="Malam ramah tamah")
    world.region.open_end_default_minutes = 90
    world.region.save()

    event = events(fetch())[item.uid]

    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 11, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    assert "19.30 s.d. selesai WITA" in event["DESCRIPTION"]


def test_a_multi_day_item_spans_its_days(world):
    item = add_item(world.sekda, at(2, 8), at(4, 12), title="Rakor Sekda se-Sulteng")

    event = events(fetch())[item.uid]

    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 4, 4, 0, tzinfo=UTC)
    assert "02-12-2026 08.00 s.d. 04-12-2026 12.00 WITA" in event["DESCRIPTION"]


def test_only_public_items_of_leaders_are_in_the_public_feed(world):
    public = add_item(world.mayor, at(2, 9), at(2, 10))
    deputy = add_item(world.deputy, at(2, 9), at(2, 10), title="Kunjungan kerja")
    sekda = add_item(world.sekda, at(2, 9), at(2, 10), title="Apel pagi")
    internal = add_item(
        world.mayor, at(2, 13), at(2, 14), title="Rapat terbatas", visibility="internal"
    )
    secret = add_item(
        world.mayor, at(2, 15), at(2, 16), title="Pertemuan rahasia", visibility="confidential"
    )
    kadis = add_item(world.kadis, at(2, 9), at(2, 10), title="Kegiatan Dinkes")

    response = fetch()
    uids = set(events(response))

    assert uids == {public.uid, deputy.uid, sekda.uid}
    assert not {internal.uid, secret.uid, kadis.uid} & uids
    assert b"Rapat terbatas" not in response.content
    assert b"rahasia" not in response.content


def test_the_feed_holds_ninety_days_back_to_a_year_ahead(world):
    recent = add_item(world.mayor, at(25, 9, month=8), at(25, 10, month=8))
    next_year = add_item(world.mayor, at(2, 9), at(2, 10), title="HUT Kota")
    old = add_item(world.mayor, at(20, 9, month=8), at(20, 10, month=8), title="Lama")
    far = add_item(
        world.mayor,
        datetime(2027, 11, 25, 9, tzinfo=WITA),
        datetime(2027, 11, 25, 10, tzinfo=WITA),
        title="Jauh",
    )

    uids = set(events(fetch()))

    assert uids == {recent.uid, next_year.uid}
    assert not {old.uid, far.uid} & uids


# Conditional GET


def test_an_unchanged_feed_answers_304_to_if_none_match_without_building_the_body(
    world, monkeypatch
):
    add_item(world.mayor, at(2, 9), at(2, 12))
    etag = fetch()["ETag"]

    def refuse(*args, **kwargs):
        raise AssertionError("the body was built for a 304")

    monkeypatch.setattr(feeds.ical, "feed_text", refuse)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(PUBLIC_FEED, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=300" in response["Cache-Control"]
    # One aggregate over the feed's items (the first fetch cached the region).
    assert len(queries) == 1
    assert "COUNT" in queries[-1]["sql"].upper() and "MAX" in queries[-1]["sql"].upper()


def test_an_unchanged_feed_answers_304_to_if_modified_since(world, clock):
    item = add_item(world.mayor, at(2, 9), at(2, 12), source="letter:3")
    last_modified = fetch()["Last-Modified"]
    item.refresh_from_db()
    assert last_modified == http_date(item.updated_at.timestamp())

    clock.advance(seconds=5)
    again = Client().get(PUBLIC_FEED, headers={"if-modified-since": last_modified})
    assert again.status_code == 304

    clock.advance(seconds=5)
    agenda_items_cancel_for_source(source="letter:3")
    changed = Client().get(PUBLIC_FEED, headers={"if-modified-since": last_modified})
    assert changed.status_code == 200
    assert events(changed)[item.uid]["STATUS"] == "CANCELLED"


def test_a_gzipped_feed_keeps_its_etag_weakly_and_still_answers_304(world):
    item = add_item(world.mayor, at(2, 9), at(2, 12))
    plain = fetch()

    response = fetch(**{"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(plain.content)
    assert gzip.decompress(response.content) == plain.content
    assert response["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in response["Vary"]
    again = Client().get(
        PUBLIC_FEED, headers={"accept-encoding": "gzip", "if-none-match": response["ETag"]}
    )
    assert again.status_code == 304
    assert item.uid in events(plain)


def test_a_head_request_gets_the_headers_only(world):
    add_item(world.mayor, at(2, 9), at(2, 12))

    response = Client().head(PUBLIC_FEED)

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == fetch()["ETag"]


def test_the_etag_changes_when_an_item_is_added_or_leaves_the_public_feed(world):
    item = add_item(world.mayor, at(2, 9), at(2, 12))
    before = fetch()["ETag"]

    add_item(world.deputy, at(3, 9), at(3, 12), title="Kunjungan kerja")
    added = fetch()
    assert added["ETag"] != before
    assert Client().get(PUBLIC_FEED, headers={"if-none-match": before}).status_code == 200

    AgendaItem.objects.filter(pk=item.pk).update(visibility="internal")
    assert fetch()["ETag"] not in (before, added["ETag"])


def test_the_feed_is_in_the_sites_language_whatever_the_cookie_says(world):
    add_item(world.mayor, at(2, 19), None)
    indonesian = fetch()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with_cookie = client.get(PUBLIC_FEED)

    assert with_cookie.content == indonesian.content
    assert with_cookie["ETag"] == indonesian["ETag"]
    assert b"Selesai tidak ditentukan" in with_cookie.content


def test_the_etag_does_not_depend_on_internal_items(world):
    add_item(world.mayor, at(2, 9), at(2, 12))
    before = fetch()["ETag"]

    add_item(world.mayor, at(2, 13), at(2, 14), title="Rapat terbatas", visibility="internal")

    assert fetch()["ETag"] == before


# The private feed


def test_the_private_feed_holds_every_item_of_its_official_with_full_details(world):
    token = feed_token_create(official=world.mayor, label="HP ajudan", created_by=world.adc)
    public = add_item(world.mayor, at(2, 9), at(2, 10))
    internal = add_item(
        world.mayor,
        at(2, 13),
        at(2, 14),
        title="Rapat terbatas",
        visibility="internal",
        description="Bahas APBD perubahan",
        role_note="Memimpin rapat",
    )
    secret = add_item(
        world.mayor, at(2, 15), at(2, 16), title="Pertemuan rahasia", visibility="confidential"
    )
    tentative = add_item(
        world.mayor, at(3, 9), None, title="Kunjungan", status="tentative", visibility="internal"
    )
    others = add_item(world.deputy, at(2, 9), at(2, 10), title="Agenda Wawali")

    response = fetch(private_url(token))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == "Agenda Wali Kota Palu"
    found = events(response)
    assert set(found) == {public.uid, internal.uid, secret.uid, tentative.uid}
    assert others.uid not in found
    assert found[public.uid]["CLASS"] == "PUBLIC"
    assert found[internal.uid]["CLASS"] == "PRIVATE"
    assert found[secret.uid]["CLASS"] == "CONFIDENTIAL"
    assert found[secret.uid]["SUMMARY"] == "Pertemuan rahasia"
    assert found[internal.uid]["SUMMARY"] == "Rapat terbatas"
    assert "Bahas APBD perubahan" in found[internal.uid]["DESCRIPTION"]
    assert "Memimpin rapat" in found[internal.uid]["DESCRIPTION"]
    assert found[tentative.uid]["STATUS"] == "TENTATIVE"


def test_a_revoked_or_unknown_token_is_not_found(world):
    token = feed_token_create(official=world.mayor, label="HP lama", created_by=world.adc)
    add_item(world.mayor, at(2, 9), at(2, 10), visibility="internal")
    assert Client().get(private_url(token)).status_code == 200

    feed_token_revoke(token=token, revoked_by=world.adc)

    assert Client().get(private_url(token)).status_code == 404
    assert Client().get("/agenda/pribadi/tidak-ada-token-seperti-ini.ics").status_code == 404
    # Even with an ETag that matched before: the token is checked first.
    assert (
        Client().get(private_url(token), headers={"if-none-match": '"anything"'}).status_code == 404
    )


def test_the_private_feed_answers_304_when_unchanged(world):
    token = feed_token_create(official=world.mayor, label="", created_by=world.mayor_user)
    item = add_item(world.mayor, at(2, 9), at(2, 10), visibility="internal", source="letter:5")
    first = fetch(private_url(token))

    again = Client().get(private_url(token), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304

    agenda_items_cancel_for_source(source="letter:5")
    changed = Client().get(private_url(token), headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert events(changed)[item.uid]["STATUS"] == "CANCELLED"
    assert events(changed)[item.uid]["SEQUENCE"] == 1


def test_two_addresses_of_one_official_serve_the_same_feed(world):
    add_item(world.mayor, at(2, 9), at(2, 10), visibility="internal")
    one = feed_token_create(official=world.mayor, label="HP", created_by=world.adc)
    two = feed_token_create(official=world.mayor, label="Outlook", created_by=world.adc)
    assert one.token != two.token

    first, second = fetch(private_url(one)), fetch(private_url(two))

    # The ETag does not reveal or depend on the secret.
    assert first["ETag"] == second["ETag"]
    assert first.content == second.content
    assert one.token not in first["ETag"]


# The page that hands out and revokes private feed addresses

TOKENS = "/agenda/tautan/"


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return login_verified(client, user)


def test_an_ajudan_creates_an_address_for_the_leader_and_sees_both_urls(world):
    client = signed_in(world.adc)
    page = client.get(TOKENS)
    assert page.status_code == 200
    assert list(page.context["form"].fields["official"].queryset) == [world.mayor]

    response = client.post(TOKENS, {"official": world.mayor.pk, "label": "HP ajudan"})

    assert response.status_code == 302
    token = FeedToken.objects.get()
    assert (token.official, token.label, token.created_by) == (world.mayor, "HP ajudan", world.adc)
    assert response["Location"] == f"{TOKENS}#token-{token.pk}"
    html = client.get(TOKENS).content.decode()
    assert f"webcal://testserver/agenda/pribadi/{token.token}.ics" in html
    assert f"http://testserver/agenda/pribadi/{token.token}.ics" in html
    assert 'data-copy="webcal://testserver/agenda/pribadi/' in html
    assert fetch(private_url(token)).status_code == 200


def test_the_official_revokes_an_address_through_the_page_and_the_feed_ends(world):
    token = feed_token_create(official=world.mayor, label="HP lama", created_by=world.adc)
    client = signed_in(world.mayor_user)

    response = client.post(reverse("public_agenda:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(private_url(token)).status_code == 404
    html = client.get(TOKENS).content.decode()
    assert token.token not in html  # a revoked address is not shown again


def test_the_protocol_office_and_administrators_manage_every_officials_addresses(world):
    for user in (world.scheduler, world.admin):
        page = signed_in(user).get(TOKENS)
        assert page.status_code == 200
        officials = set(page.context["form"].fields["official"].queryset)
        assert {world.mayor, world.deputy, world.sekda, world.kadis, world.camat} <= officials

    response = signed_in(world.scheduler).post(TOKENS, {"official": world.sekda.pk, "label": ""})
    assert response.status_code == 302
    assert FeedToken.objects.get().official == world.sekda


def test_someone_else_cannot_open_the_address_page(world):
    assert signed_in(world.auditor).get(TOKENS).status_code == 403
    assert signed_in(world.clerk).post(TOKENS, {"official": world.mayor.pk}).status_code == 403
    anonymous = Client().get(TOKENS)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert not FeedToken.objects.exists()


def test_another_leaders_ajudan_cannot_create_or_revoke_the_leaders_addresses(world):
    token = feed_token_create(official=world.mayor, label="HP", created_by=world.adc)
    client = signed_in(world.deputy_adc)

    created = client.post(TOKENS, {"official": world.mayor.pk, "label": "curi"})
    assert created.status_code == 200  # the form refuses a leader the user does not serve
    assert "official" in created.context["form"].errors
    assert FeedToken.objects.count() == 1
    assert token.token not in client.get(TOKENS).content.decode()

    revoked = client.post(reverse("public_agenda:token_revoke", args=[token.pk]))
    assert revoked.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert (
        signed_in(world.auditor)
        .post(reverse("public_agenda:token_revoke", args=[token.pk]))
        .status_code
        == 403
    )


def test_revoking_twice_keeps_the_first_revocation_time(world, clock):
    token = feed_token_create(official=world.mayor, label="HP", created_by=world.adc)
    first = feed_token_revoke(token=token, revoked_by=world.adc).revoked_at
    clock.advance(hours=1)

    again = feed_token_revoke(token=token, revoked_by=world.mayor_user)

    assert again.revoked_at == first
