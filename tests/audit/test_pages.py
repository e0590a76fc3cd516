"""The auditor's log page and a letter's dossier: the auditor and the administrator see
them, every other role is refused (403), and the filters find what they say."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from tests.factories import ROLE_USERS, login_verified
from tests.workflows.walk import client_for, register, review_forward

pytestmark = pytest.mark.django_db
READERS = {"auditor", "admin"}
LOG = reverse("audit:index")


def test_only_the_auditor_and_the_administrator_see_the_log_and_the_dossier(world):
    letter = register(world.clerk)
    dossier = reverse("letters:dossier", args=[letter.pk])
    for name in ROLE_USERS:
        client = login_verified(Client(), getattr(world, name))
        for url in (LOG, dossier):
            response = client.get(url)
            expected = 200 if name in READERS else 403
            assert response.status_code == expected, (name, url)
            if name not in READERS:
                assert letter.agenda_number not in response.content.decode()


def test_a_visitor_who_is_not_signed_in_sees_neither(world):
    letter = register(world.clerk)
    for url in (LOG, reverse("letters:dossier", args=[letter.pk])):
        response = Client().get(url)
        assert response.status_code in (302, 403)
        assert letter.agenda_number not in response.content.decode()


def test_the_menu_lists_the_log_for_the_auditor_only(world):
    home = reverse("letters:index")
    assert LOG in client_for(world.auditor).get(home).content.decode()
    assert LOG not in client_for(world.clerk).get(home).content.decode()


def test_the_log_filters_by_letter_user_action_and_dates(world):
    first, second = register(world.clerk), register(world.clerk)
    review_forward(world.reviewer, first, world.mayor)
    client = client_for(world.auditor)

    def shown(**params):
        page = client.get(LOG, params).content.decode()
        return {
            pk for pk in AuditEntry.objects.values_list("pk", flat=True) if f"<td>{pk}</td>" in page
        }

    by_letter = shown(letter=first.agenda_number)
    assert by_letter == set(
        AuditEntry.objects.filter(scope=first.agenda_number).values_list("pk", flat=True)
    )
    assert by_letter and not by_letter & set(
        AuditEntry.objects.filter(scope=second.agenda_number).values_list("pk", flat=True)
    )
    by_user = shown(user=world.reviewer.username)
    assert by_user and by_user == set(
        AuditEntry.objects.filter(actor=world.reviewer).values_list("pk", flat=True)[:50]
    )
    assert shown(action="letter.forward") == set(
        AuditEntry.objects.filter(action="letter.forward").values_list("pk", flat=True)
    )
    assert shown(action="task") == set(
        AuditEntry.objects.filter(action__startswith="task.").values_list("pk", flat=True)[:50]
    )
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert shown(date_from=tomorrow) == set()
    assert client.get(LOG, {"date_from": "bukan-tanggal"}).status_code == 200


def test_the_log_pages_without_counting_and_shows_the_last_check(world):
    for i in range(120):
        audit_record(action="test.page", actor=None, note=f"n{i}")
    client = client_for(world.auditor)
    page = client.get(LOG).content.decode()
    assert "belum pernah diverifikasi" in page
    assert "page=2" in page
    # The last page (50 rows a page) links back, not on; the setup wrote rows of its own.
    pages = -(-AuditEntry.objects.count() // 50)
    final = client.get(LOG, {"page": pages}).content.decode()
    assert f"page={pages - 1}" in final and f"page={pages + 1}" not in final
    assert client.get(LOG, {"page": "x"}).status_code == 200
    call_command("verify_audit")
    last = AuditEntry.objects.order_by("-id").first().pk
    assert f"terverifikasi sampai baris {last}" in client.get(LOG).content.decode()


def test_the_dossier_shows_files_with_checksums_history_and_every_opening(world):
    letter = register(world.clerk)
    document = letter.documents.get()
    client_for(world.reviewer).get(reverse("letters:document", args=[letter.pk, document.pk]))
    page = client_for(world.auditor).get(reverse("letters:dossier", args=[letter.pk]))
    text = page.content.decode()
    assert document.sha256 in text and str(document.size) in text
    assert "letter.register" in text  # the history line and its audit row
    assert world.reviewer.username in text and "document.open" in text
    assert 'id="dossier-actions"' in text
    # The export button of the records pages, in the dossier's actions bar.
    assert f'action="{reverse("letter_records:dossier", args=[letter.pk])}"' in text
    checked = client_for(world.auditor).get(
        reverse("letters:dossier", args=[letter.pk]), {"periksa": 1}
    )
    assert "cocok" in checked.content.decode()


def test_the_dossier_of_an_unknown_letter_is_404_for_the_auditor_and_403_for_others(world):
    assert (
        client_for(world.auditor).get(reverse("letters:dossier", args=[99999])).status_code == 404
    )
    assert client_for(world.clerk).get(reverse("letters:dossier", args=[99999])).status_code == 403


def test_the_letter_page_links_the_dossier_for_the_auditor_only(world):
    letter = register(world.clerk)
    url = reverse("letters:dossier", args=[letter.pk])
    detail = reverse("letters:detail", args=[letter.pk])
    assert url in client_for(world.auditor).get(detail).content.decode()
    assert url not in client_for(world.clerk).get(detail).content.decode()
