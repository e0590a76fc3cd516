"""One letter, registration to agenda, through the real pages in a real browser.

Each role uses its own browser context (its own cookies), as four people at four desks
would. Every wait is on something the page shows or on the URL; there are no sleeps.
Buttons and links are found by structure (URLs, ids, classes), not by viewflow's labels,
which follow the interface language.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from organization.twofactor import requires_second_factor
from tests.factories import MINIMAL_PDF, PASSWORD, letter_form_data, make_world, totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000
PHONE = {"width": 390, "height": 844}
AGENDA_NUMBER = "0001/UND/2026"
TASK_URL = r"/letter/\d+/\w+/\d+/"


@pytest.fixture
def world(transactional_db):
    return make_world()


def current_code(device: TOTPDevice) -> str:
    """What the authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def log_in(browser: Browser, base_url: str, username: str, **context_args) -> Page:
    """A fresh browser context for one person; returns their page, logged in (past the
    second step for a role that must have one: they get an authenticator app first)."""
    user = User.objects.get(username=username)
    device = totp_device_for(user) if requires_second_factor(user) else None
    context = browser.new_context(base_url=base_url, **context_args)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.vf-form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if device is not None:
        # The second step, with the code the person's authenticator app would show.
        expect(page).to_have_url(re.compile(r"/akun/verifikasi/"))
        page.locator("input[name=code]").fill(current_code(device))
        page.locator("form.lt-form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/akun/"))
    # Logged in: with the site menu (its worklists) on the page.
    expect(page.locator("aside a[href='/letter/queue/']").first).to_be_attached()
    return page


def open_from_menu(page: Page, href: str) -> None:
    """Follow a link of the site menu; on a phone the menu is a drawer behind a button."""
    link = page.locator(f"aside a[href='{href}']").first
    expect(link).to_be_attached()
    page.wait_for_load_state()
    if not link.is_visible():
        page.get_by_role("banner").get_by_role("button").first.click()
        expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def task_row(page: Page, task_title: str) -> Locator:
    # Worklist columns: "#<process>/<task>" (the link), task, agenda number, subject, ...
    return page.locator("tbody tr").filter(has_text=AGENDA_NUMBER).filter(has_text=task_title)


def take_from_queue(page: Page, task_title: str) -> None:
    """Queue -> the letter's task -> assign to oneself -> inbox -> the task's form."""
    open_from_menu(page, "/letter/queue/")
    row = task_row(page, task_title)
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    # An unassigned task opens on its assign page (or its detail page, with the action).
    expect(page).to_have_url(re.compile(TASK_URL + r"(detail|assign)/$"))
    if page.url.endswith("/detail/"):
        page.locator("a[href$='/assign/']").first.click()
        expect(page).to_have_url(re.compile(r"/assign/$"))
    page.locator("form.vf-form button:not([name=_continue])").click()  # "Assign"
    expect(page).to_have_url(re.compile(r"/letter/queue/$"))
    expect(task_row(page, task_title)).to_have_count(0)

    open_from_menu(page, "/letter/inbox/")
    row = task_row(page, task_title)
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    # The task's own URL redirects the assignee to its form (or shows its detail page).
    expect(page).to_have_url(re.compile(TASK_URL + r"(detail|execute)/$"))
    if page.url.endswith("/detail/"):
        page.locator("a[href$='/execute/']").first.click()
        expect(page).to_have_url(re.compile(r"/execute/$"))
    expect(page.locator("form.lt-form")).to_be_visible()


def open_from_inbox(page: Page, task_title: str) -> None:
    """A task assigned to this person (a leader's disposition): inbox -> the task's form."""
    open_from_menu(page, "/letter/inbox/")
    row = task_row(page, task_title)
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    expect(page).to_have_url(re.compile(TASK_URL + r"execute/$"))
    expect(page.locator("form.lt-form")).to_be_visible()


def submit(page: Page) -> None:
    page.locator("form.lt-form .lt-submit").click()


def assert_fits_width(page: Page) -> None:
    """No sideways scrolling. After a resize (or while a page is still laying itself out)
    the layout settles when the browser gets to it, later on a loaded machine: wait for
    the page to fit, then measure; a page that never fits fails with its width."""
    try:
        page.wait_for_function(
            "document.documentElement.scrollWidth <= window.innerWidth", timeout=TIMEOUT_MS
        )
    except PlaywrightTimeoutError:
        pass
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"


def test_letter_walks_from_mailroom_to_the_agenda(live_server, world, browser, shoot, tmp_path):
    base = live_server.url
    data = letter_form_data()
    scan: Path = tmp_path / "undangan.pdf"
    scan.write_bytes(MINIMAL_PDF)

    # Mailroom clerk: the dashboard's start link, the form, a scan.
    clerk = log_in(browser, base, world.clerk.username)
    open_from_menu(clerk, "/letter/")  # the flow's dashboard, with its start link
    # Follow the start link by its address: a click landing while viewflow's Turbo is still
    # loading the dashboard was lost once under load (the page stayed on /letter/).
    start = clerk.locator("a[href='/letter/register/']").first
    expect(start).to_be_visible()
    clerk.goto(start.get_attribute("href"))
    expect(clerk).to_have_url(re.compile(r"/letter/register/$"))
    form = clerk.locator("form.lt-form")
    for name in ("sender", "letter_number", "subject", "addressee", "event_title", "venue"):
        form.locator(f"#id_{name}").fill(data[name])
    for name in ("dress_code", "contact_person"):
        form.locator(f"#id_{name}").fill(data[name])
    for name in ("letter_date", "received_date"):  # <input type=date>
        form.locator(f"#id_{name}").fill(data[name])
    for name in ("local_start", "local_end"):  # <input type=datetime-local>
        form.locator(f"#id_{name}").fill(data[name])
    for name in ("security_class", "urgency", "event_time_zone"):
        form.locator(f"#id_{name}").select_option(data[name])
    form.locator("#id_scans").set_input_files(scan)
    submit(clerk)
    expect(clerk.get_by_text(f"Surat {AGENDA_NUMBER}: Diterima.")).to_be_visible()
    clerk.context.close()

    # Protocol reviewer: forward to the mayor.
    reviewer = log_in(browser, base, world.reviewer.username)
    take_from_queue(reviewer, "Telaah protokol")
    reviewer.locator("#field-decision").get_by_label("Teruskan kepada pimpinan").check()
    reviewer.locator("#id_leader").select_option(label=str(world.mayor))
    submit(reviewer)
    expect(reviewer.get_by_text(f"Surat {AGENDA_NUMBER}: Ditelaah.")).to_be_visible()
    reviewer.context.close()

    # The mayor, on a phone: finds it in his own inbox, attends, and asks for a speech.
    mayor = log_in(browser, base, world.mayor_user.username, viewport=PHONE)
    open_from_inbox(mayor, "Disposisi pimpinan")
    mayor.locator("#field-outcome").get_by_label("Hadir", exact=True).check()
    mayor.locator("#field-instructions").get_by_label("Siapkan sambutan/bahan").check()
    mayor.locator("#id_note").fill("Siapkan sambutan.")
    assert_fits_width(mayor)
    dispose_shot = shoot(mayor, "dispose-task-phone.png")
    submit(mayor)
    expect(mayor.get_by_text(f"Surat {AGENDA_NUMBER}: Didisposisi.")).to_be_visible()
    mayor.context.close()

    # Protocol scheduler: puts it on the agenda.
    scheduler = log_in(browser, base, world.scheduler.username)
    take_from_queue(scheduler, "Jadwalkan di agenda")
    expect(scheduler.locator(".lt-block", has_text=world.mayor.title)).to_be_visible()
    scheduler.locator("#id_visibility").select_option("public")
    scheduler.locator("#id_confirmed").check()
    letter_link = scheduler.locator("a[href^='/letters/']", has_text="Buka halaman surat")
    letter_href = letter_link.get_attribute("href")
    submit(scheduler)
    expect(scheduler.get_by_text(f"Surat {AGENDA_NUMBER}: Terjadwal.")).to_be_visible()

    # The letter's page: state, history, the uploaded scan.
    assert letter_href and re.fullmatch(r"/letters/\d+/", letter_href), letter_href
    scheduler.set_viewport_size(PHONE)
    scheduler.goto(letter_href)
    expect(scheduler.locator(".lt-toolbar .lt-state")).to_have_text("Terjadwal")
    history = scheduler.locator("table.lt-history tbody tr")
    expect(history.first).to_contain_text("Diterima")
    for step in ("Diterima → Ditelaah", "Ditelaah → Didisposisi", "Didisposisi → Terjadwal"):
        expect(history.filter(has_text=step)).to_have_count(1)
    document = scheduler.locator(".lt-docs a", has_text="undangan.pdf")
    expect(document).to_be_visible()
    pdf = scheduler.request.get(document.get_attribute("href"))
    assert pdf.ok and pdf.body() == MINIMAL_PDF, pdf.status
    assert_fits_width(scheduler)
    letter_shot = shoot(scheduler, "letter-page-phone.png")

    # The agenda of the event's day shows the mayor's new item.
    scheduler.goto(f"/jadwal/?day={data['local_start'][:10]}")
    item = scheduler.locator("tr.lt-agenda-item", has_text=data["event_title"])
    expect(item).to_have_count(1)
    expect(item).to_contain_text(world.mayor.title)
    expect(item).to_contain_text("09.00–12.00")
    scheduler.context.close()

    assert dispose_shot.stat().st_size and letter_shot.stat().st_size
