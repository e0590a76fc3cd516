"""Context travels with the task: each step's page shows what the steps before it said,
above the decision."""

import re

from django.urls import reverse

from tests.workflows.walk import client_for, do_task, open_task, register, review_forward


def task_page(user, letter, node: str) -> str:
    task = open_task(letter, node)
    client = client_for(user)
    if task.status == "NEW":
        client.post(reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]), {})
    response = client.get(reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def before_the_form(page: str, text: str) -> bool:
    """``text`` is on the page above the task's form."""
    form = page.find('<form class="lt-form"')
    position = page.find(text)
    return -1 < position < form


def test_the_leader_reads_the_reviewers_note_above_the_disposition(world):
    letter = register(world.clerk)
    review_forward(
        world.reviewer, letter, world.mayor, note="Usul diwakili Asisten I; bentrok rapat DPRD."
    )
    page = task_page(world.mayor_user, letter, "dispose")
    assert before_the_form(page, "Usul diwakili Asisten I; bentrok rapat DPRD.")
    assert before_the_form(page, "Catatan telaah protokol")
    assert before_the_form(page, letter.agenda_number)


def test_the_clerk_reads_the_return_reason_on_the_correction_form(world):
    letter = register(world.clerk)
    do_task(
        world.reviewer,
        letter,
        "review",
        {"decision": "return", "note": "Nomor surat tidak terbaca; pindai ulang halaman 1."},
    )
    page = task_page(world.clerk, letter, "correct")
    assert before_the_form(page, "Alasan pengembalian")
    assert before_the_form(page, "Nomor surat tidak terbaca; pindai ulang halaman 1.")


def test_the_scheduler_reads_the_disposition_with_its_instructions(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor, note="Penting.")
    do_task(
        world.adc,
        letter,
        "dispose",
        {
            "outcome": "attend",
            "note": "Hadir; siapkan sambutan 5 menit.",
            "instructions": ["sambutan"],
            "delegates": [world.sekda.pk],
        },
    )
    page = task_page(world.scheduler, letter, "schedule")
    assert before_the_form(page, "Disposisi pimpinan: hadir")
    assert before_the_form(page, "Hadir; siapkan sambutan 5 menit.")
    assert before_the_form(page, f"a.n. {world.mayor.title}")  # the ajudan recorded it
    notes = page[page.find("lt-step-notes") : page.find('<form class="lt-form"')]
    assert re.search(rf"{re.escape(world.sekda.title)}: Siapkan sambutan/bahan", notes)


def test_a_note_is_shown_escaped(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor, note="<script>alert(1)</script>")
    page = task_page(world.mayor_user, letter, "dispose")
    assert "<script>alert(1)</script>" not in page
    assert before_the_form(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
