"""axe-core (npm, pinned in package-lock.json; ``make test-deps`` installs it) on Lontar's
main pages, on a desk and on a phone: no critical or serious violation."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_walkthrough import PHONE, TIMEOUT_MS, log_in
from tests.factories import make_world
from tests.workflows.walk import open_task, register, review_forward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# axe-core goes in as an inline script, which the site's Content-Security-Policy refuses;
# these contexts bypass it (tests/browser/test_content_policy.py checks the policy).
BYPASS_CSP = {"bypass_csp": True}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def world(transactional_db):
    return make_world()


def serious_violations(page: Page) -> list[str]:
    """Inject axe-core into the loaded page and run it; one line per serious finding."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test-deps` (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_public_pages_and_the_login_have_no_serious_accessibility_violation(
    live_server, world, browser, size
):
    context = browser.new_context(base_url=live_server.url, viewport=SIZES[size], **BYPASS_CSP)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    found = []
    for url in ("/accounts/login/", "/agenda/", "/permohonan/publik/"):
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        expect(page.locator("h1")).not_to_have_count(0)
        found += serious_violations(page)
    context.close()
    assert found == []


@pytest.mark.parametrize("size", list(SIZES))
def test_the_office_pages_have_no_serious_accessibility_violation(
    live_server, world, browser, size
):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    task = open_task(letter, "dispose")
    dispose = reverse("letter:dispose:execute", args=[task.process_id, task.pk])
    found = []
    for username, urls in (
        (world.mayor_user.username, ["/letter/inbox/", dispose, "/jadwal/", "/luring/"]),
        (
            world.reviewer.username,
            ["/letter/queue/", "/letter/", "/letters/", f"/letters/{letter.pk}/"],
        ),
    ):
        page = log_in(browser, live_server.url, username, viewport=SIZES[size], **BYPASS_CSP)
        for url in urls:
            page.goto(url)
            expect(page.locator("main")).to_be_visible()
            found += serious_violations(page)
        page.context.close()
    assert found == []
