"""No English on Lontar's pages in Bahasa Indonesia: the main pages, walked as each role,
are searched for the English strings viewflow, Django and the third-party apps show
unless Lontar translates or replaces them. A string found names its page and role."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from tests.factories import ROLE_USERS
from tests.workflows.walk import client_for, do_task, register, review_forward

pytestmark = pytest.mark.django_db

# Seen on Lontar's pages before they were translated or replaced, and their kin.
KNOWN_ENGLISH = [
    "End", "Escalation Done", "Escalate", "Status New", "Done", "Canceled", "Process id",
    "Brief", "Active tasks", "Process summary", "Inbox", "Queue", "Archive", "Created",
    "Assigned", "Execute", "Assign", "Unassign", "Show all", "Finished", "Process list",
    "Owner", "Started", "Task", "Tasks", "Filter", "Log out", "Log in", "Login",
    "Dashboard", "Description", "No rights to execute", "Export BPMN", "flow graph",
    "Open navigation menu", "Django Material", "Previous tasks", "Next tasks", "Undo",
    "Revive", "Server error", "Page not found", "Access Forbidden", "Register", "Review",
    "Dispose", "Schedule", "After Review", "After Disposition", "Wait For Event", "Letter",
    "Task Result", "Task Results", "Tasks Database Backend", "document access",
    "invitation mail", "Administration", "Home", "View site", "Applications",
]  # fmt: skip
PATTERNS = [re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])") for text in KNOWN_ENGLISH]
PAGINATION = re.compile(r"\d+\s*-\s*\d+ of \d+")
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "value")


class _Texts(HTMLParser):
    """What a person reads or hears: text and labelling attributes, not scripts, styles
    or icon ligatures (Material Icons draws "menu", "archive" as pictures)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in ("script", "style") or "material-icons" in (values.get("class") or ""):
            self._hidden.append(tag)
            return
        if self._hidden and tag not in ("br", "img", "input", "meta", "link"):
            self._hidden.append(tag)
        for name in ATTRIBUTES:
            if values.get(name) and not (name == "value" and tag != "button"):
                self.texts.append(values[name])

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            self._hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def english_in(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    found = []
    for text in parser.texts:
        found += [p.pattern for p in PATTERNS if p.search(text)]
        if PAGINATION.search(text):
            found.append(text)
    return found


@pytest.fixture
def letters(world):
    """A letter at each stage: waiting for review, for disposition, archived (declined),
    scheduled; returns the archived letter's process id for its detail pages."""
    register(world.clerk, subject="Menunggu telaah")
    waiting = register(world.clerk, subject="Menunggu disposisi")
    review_forward(world.reviewer, waiting, world.mayor)
    declined = register(world.clerk, subject="Ditolak")
    review_forward(world.reviewer, declined, world.mayor)
    do_task(world.adc, declined, "dispose", {"outcome": "decline", "note": "Dinas luar."})
    scheduled = register(world.clerk, subject="Terjadwal")
    review_forward(world.reviewer, scheduled, world.mayor)
    do_task(world.mayor_user, scheduled, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, scheduled, "schedule", {"visibility": "internal"})
    return declined


def _pages(letter) -> list[str]:
    process_id = letter.process.pk
    pages = [
        "/letter/", "/letter/inbox/", "/letter/queue/", "/letter/archive/", "/letter/flows/",
        "/letter/flows/?status=NEW", "/letter/tasks/", "/letter/tasks/?status=DONE",
        f"/letter/{process_id}/", "/letters/", f"/letters/{letter.pk}/", "/jadwal/",
        "/tindak-lanjut/", "/permohonan/", "/halaman-yang-tidak-ada/", "/luring/",
    ]  # fmt: skip
    for task in Task.objects.filter(process_id=process_id):
        pages.append(task.flow_task.reverse("detail", args=[task.process_id, task.pk]))
    return pages


@pytest.mark.parametrize("role", ROLE_USERS)
def test_no_english_on_the_pages_a_role_opens(world, letters, role):
    client = client_for(getattr(world, role))
    found = {}
    for url in _pages(letters):
        response = client.get(url)
        if response.status_code in (301, 302):
            continue
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        if words := english_in(response.content.decode()):
            found[url] = words
    assert found == {}


def test_no_english_on_the_admins_pages(world):
    client = client_for(world.admin)
    urls = ["/admin/"] + [
        reverse("admin:app_list", args=[label])
        for label in {model._meta.app_label for model in admin.site._registry}
    ]
    found = {url: english_in(client.get(url).content.decode()) for url in urls}
    assert {url: words for url, words in found.items() if words} == {}


def test_no_english_on_the_public_pages_and_the_login(world):
    client = Client()
    found = {}
    for url in ("/accounts/login/", "/agenda/", "/permohonan/publik/", "/tidak-ada/"):
        if words := english_in(client.get(url).content.decode()):
            found[url] = words
    assert found == {}


def test_the_error_pages_are_in_indonesian_and_the_500_page_promises_no_email(world):
    page = render_to_string("500.html")
    assert "Terjadi kesalahan di server" in page and english_in(page) == []
    assert not re.search(r"e-?mail|surel", page, re.IGNORECASE)
    forbidden = client_for(world.dept_officer).get(reverse("letter:process_list"))
    assert forbidden.status_code == 403
    assert "Akses ditolak" in forbidden.content.decode()
    missing = Client().get("/tidak-ada/")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.content.decode()


def test_the_check_finds_english_where_there_is_some():
    found = english_in('<td>Escalation Done</td><span class="material-icons">Inbox</span>')
    assert (
        PATTERNS[1].pattern in found and PATTERNS[KNOWN_ENGLISH.index("Inbox")].pattern not in found
    )
    assert english_in("<span>1-8 of 8</span>") == ["1-8 of 8"]
    assert english_in('<button aria-label="Open navigation menu">x</button>') != []
    assert english_in("<p>Selesai</p><p>Status</p>") == []
