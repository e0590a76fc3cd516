"""A citizen's request on a phone, then its status page once the protocol office answered.
Waits are on what the page shows; the office's steps run over HTTP meanwhile."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.models import OnlineRequest
from tests.browser.test_walkthrough import PHONE, TIMEOUT_MS, assert_fits_width
from tests.factories import MINIMAL_PDF, make_world
from tests.intake.walk import verify_data
from tests.workflows.walk import client_for, do_task, review_forward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_a_public_request_from_a_phone_and_its_answer(live_server, world, browser, shoot, tmp_path):
    letter_file = tmp_path / "permohonan-untad.pdf"
    letter_file.write_bytes(MINIMAL_PDF)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    page.goto(reverse("requests_public:create"))
    page.locator("#id_organisation").fill("Universitas Tadulako")
    page.locator("#id_contact_person").fill("Dr. Rahmat")
    page.locator("#id_phone").fill("0812 3456 7890")
    page.locator("#id_email").fill("rahmat@untad.example")
    page.locator("#id_event_title").fill("Wisuda Sarjana Periode IV")
    page.locator("#id_local_start").fill("2026-12-12T08:00")
    page.locator("#id_local_end").fill("2026-12-12T12:00")
    page.locator("#id_event_time_zone").select_option("Asia/Makassar")
    page.locator("#id_venue").fill("Auditorium Untad")
    page.locator("#id_letter").set_input_files(str(letter_file))
    page.locator("#id_consent").check()
    expect(page.locator("#id_website")).not_to_be_in_viewport()  # the honeypot stays hidden
    assert_fits_width(page)
    shoot(page, "public-request-phone.png")
    page.locator("form.pa-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/permohonan/status/[A-Z0-9]+/\?baru=1$"))
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    online = OnlineRequest.objects.get(tracking_code=code)
    expect(page.get_by_test_id("stage")).to_contain_text("diperiksa bagian persuratan")
    assert_fits_width(page)

    letter = online.letter
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "attend", "note": "Hadir."})
    response = client_for(world.scheduler).post(
        reverse("permohonan:answer", args=[letter.pk]),
        {"text": "Wali Kota Palu berkenan hadir pada wisuda Anda."},
    )
    assert response.status_code == 302

    page.goto(reverse("requests_public:status", args=[code]))
    expect(page.get_by_test_id("answer")).to_contain_text("berkenan hadir pada wisuda Anda")
    expect(page.get_by_test_id("outcome")).to_contain_text("Pimpinan berkenan hadir")
    assert_fits_width(page)
    shoot(page, "public-request-status-phone.png")
    context.close()
