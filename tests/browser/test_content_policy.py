"""The Content-Security-Policy in Chromium: the main pages, as the roles that open them,
raise no violation (neither a ``securitypolicyviolation`` event nor a console message),
and what moved out of inline code still works: the bell, the officials' select, the
print buttons, the copy buttons."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from calendar_sync.models import AgendaItem
from tests.browser.test_walkthrough import TIMEOUT_MS, log_in
from tests.factories import make_world
from tests.workflows.walk import client_for, do_task, open_task, register, review_forward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts, whatever the page's policy: it records
# each violation, and what the page script prints would do.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${where}`);
});
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""
# Chromium reports each refusal in the console, e.g. "Refused to apply inline style
# because it violates ..." or "Applying inline style violates ...".
VIOLATION = re.compile(r"Content Security Policy|Content-Security-Policy", re.I)


@pytest.fixture
def world(transactional_db):
    return make_world()


@pytest.fixture
def letters(world):
    """A letter at every step a person works: waiting for review (taken by the reviewer),
    for disposition, for scheduling (taken by the scheduler), and one scheduled."""
    waiting = register(world.clerk, subject="Menunggu telaah")
    assign(world.reviewer, waiting, "review")
    disposing = register(world.clerk, subject="Menunggu disposisi")
    review_forward(world.reviewer, disposing, world.mayor)
    scheduling = register(world.clerk, subject="Menunggu penjadwalan")
    review_forward(world.reviewer, scheduling, world.mayor)
    do_task(world.mayor_user, scheduling, "dispose", {"outcome": "attend"})
    assign(world.scheduler, scheduling, "schedule")
    scheduled = register(world.clerk, subject="Terjadwal")
    review_forward(world.reviewer, scheduled, world.mayor)
    do_task(world.mayor_user, scheduled, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, scheduled, "schedule", {"visibility": "internal"})
    return {
        "review": waiting,
        "dispose": disposing,
        "schedule": scheduling,
        "scheduled": scheduled,
    }


def assign(user, letter, node: str) -> None:
    task = open_task(letter, node)
    url = reverse(f"letter:{node}:assign", args=[task.process_id, task.pk])
    assert client_for(user).post(url, {}).status_code == 302


def execute_url(letter, node: str) -> str:
    task = open_task(letter, node)
    return reverse(f"letter:{node}:execute", args=[task.process_id, task.pk])


def watched(page: Page) -> list[str]:
    """Start recording the page's console violations; returns the list it fills."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(f"{page.url}: {message.text}")
            if VIOLATION.search(message.text)
            else None
        ),
    )
    page.context.add_init_script(WATCH)
    return messages


def violations(page: Page) -> list[str]:
    """The violations the loaded page raised (events are queued: one turn of the event
    loop after load delivers them)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    return [f"{page.url}: {line}" for line in page.evaluate("window.__csp")]


def visit_all(page: Page, urls: list[str]) -> list[str]:
    found = []
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status < 500, (url, response and response.status)
        expect(page.locator("body")).not_to_be_empty()
        found += violations(page)
    return found


def office_pages(world, letters) -> dict[str, list[str]]:
    scheduled = letters["scheduled"]
    item = AgendaItem.objects.filter(official=world.mayor).order_by("pk").first()
    assert item is not None
    mayor = world.mayor.pk
    return {
        world.clerk.username: [
            "/letters/", f"/letters/{scheduled.pk}/", f"/letters/{scheduled.pk}/lembar-disposisi/",
            "/letter/register/", "/letter/inbox/", "/letter/queue/", "/letter/archive/",
            "/letter/", f"/letter/{scheduled.process.pk}/", "/letter/flows/", "/letter/tasks/",
            "/tindak-lanjut/", "/permohonan/", "/notifikasi/", "/notifikasi/pengaturan/",
            "/akun/2fa/", "/luring/", "/tidak-ada/",
        ],
        world.reviewer.username: [
            execute_url(letters["review"], "review"), "/letter/inbox/", "/letter/queue/",
        ],
        world.mayor_user.username: [
            execute_url(letters["dispose"], "dispose"), "/letter/inbox/", "/letter/archive/",
            "/jadwal/", f"/jadwal/pejabat/{mayor}/", f"/jadwal/pejabat/{mayor}/hari/",
            f"/jadwal/pejabat/{mayor}/bulan/", "/agenda/tautan/",
        ],
        world.scheduler.username: [
            execute_url(letters["schedule"], "schedule"), "/letter/queue/", "/jadwal/",
            "/jadwal/berdampingan/", "/jadwal/kegiatan-opd/", "/jadwal/acara/baru/",
            f"/jadwal/acara/{item.pk}/", f"/jadwal/cetak/?official={mayor}",
            f"/jadwal/bagikan/?official={mayor}", "/jadwal/sinkron/",
        ],
        world.auditor.username: ["/letters/", f"/letters/{scheduled.pk}/", "/letter/archive/"],
        world.admin.username: ["/admin/", "/admin/workflows/letter/", "/api/docs/"],
    }  # fmt: skip


def test_the_office_pages_raise_no_policy_violation_for_any_role(
    live_server, world, letters, browser
):
    pages = office_pages(world, letters)
    found = []
    for username, urls in pages.items():
        page = log_in(browser, live_server.url, username)
        console = watched(page)
        found += visit_all(page, urls)
        found += console
        page.context.close()
    assert found == []


def test_the_public_pages_and_the_login_raise_no_policy_violation(live_server, world, browser):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = watched(page)
    found = visit_all(
        page,
        [
            "/accounts/login/", "/agenda/", "/agenda/minggu/", "/agenda/opd/",
            "/permohonan/publik/", "/permohonan/status/", "/api/docs/", "/tidak-ada/",
        ],
    )  # fmt: skip
    context.close()
    assert found + console == []


def test_what_left_the_inline_code_still_works(live_server, world, letters, browser):
    scheduled = letters["scheduled"]
    page = log_in(browser, live_server.url, world.scheduler.username)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    console = watched(page)

    # The bell, styled from lontar.css (it was a style="" attribute), opens the list.
    page.goto("/letters/")
    bell = page.locator("a.lt-bell")
    expect(bell).to_have_css("color", "rgb(255, 255, 255)")
    expect(bell).to_have_css("position", "relative")
    bell.click()
    expect(page).to_have_url(f"{live_server.url}/notifikasi/")

    # The officials' select (it was onchange=) opens the chosen official's week.
    page.goto(f"/jadwal/pejabat/{world.mayor.pk}/")
    page.locator("select[data-navigate]").select_option(label=world.deputy.title)
    expect(page).to_have_url(re.compile(rf"/jadwal/pejabat/{world.deputy.pk}/\?day="))

    # The print buttons (they were onclick=) print.
    for url in (f"/letters/{scheduled.pk}/lembar-disposisi/", "/jadwal/cetak/"):
        page.goto(url)
        button = page.locator("button[data-print]")
        expect(button).to_be_visible()
        button.click()
        assert page.evaluate("window.__printed") == 1, url
        expect(page.locator(".screen-only")).to_be_visible()

    # Copying the WhatsApp text (it was an inline script) puts it on the clipboard.
    page.goto(f"/jadwal/bagikan/?official={world.mayor.pk}")
    text = page.locator("#share-text").input_value()
    assert text.strip()
    page.locator("#share-copy").click()
    expect(page.locator("#share-status")).to_have_text("Tersalin")
    assert page.evaluate("navigator.clipboard.readText()") == text
    found = violations(page)
    page.context.close()

    # The public agenda's copy button (an inline script too) copies the feed's address.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    public = context.new_page()
    public_console = watched(public)
    public.goto("/agenda/")
    copy = public.locator("button[data-copy]").first
    address = copy.get_attribute("data-copy")
    copy.click()
    expect(copy).to_have_text("Tersalin")
    assert public.evaluate("navigator.clipboard.readText()") == address
    found += violations(public)
    context.close()
    assert found + console + public_console == []
