"""python manage.py extract_letter FILE [FILE ...]

One JSON object per line per file, in the order given: "file", the letter's fields (null
where the letter does not say), "pages", and "unsure"; "fields_meta" (per field its
"confidence" and "status": found, unsure or not_found) and "split" ("multiple_letters",
and "letters" with each letter's "pages" and fields); or "file" and "error" for a file
that cannot be read. The exit code is 0 either way: a bad file is an answer, not a crash.
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from documents.extraction.fields import FIELDS
from documents.extraction.runner import read_letter
from documents.limits import READ_SECONDS


def letter_line(path: str, *, time_limit: float) -> dict[str, Any]:
    result = read_letter(path, time_limit=time_limit)
    line: dict[str, Any] = {"file": path}
    if result.error:
        line.update(dict.fromkeys(FIELDS))
        line["error"] = result.error
        return line
    line.update({name: result.fields.get(name) for name in FIELDS})
    line["pages"] = result.page_count
    line["ocr"] = result.ocr
    line["unsure"] = result.fields.get("unsure", [])
    line["confidence"] = result.fields.get("confidence", {})
    line["fields_meta"] = result.fields.get("fields_meta", {})
    line["split"] = result.fields.get("split", {})
    return line


class Command(BaseCommand):
    help = "Read invitation letters (PDF, JPEG, PNG) and print their fields as JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--jobs",
            type=int,
            default=max(1, min(4, os.cpu_count() or 1)),
            help="files read side by side (each in its own limited child process)",
        )
        parser.add_argument("--time-limit", type=float, default=READ_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        with ThreadPoolExecutor(max_workers=max(1, options["jobs"])) as pool:
            lines = pool.map(lambda f: letter_line(f, time_limit=options["time_limit"]), files)
            for line in lines:  # map keeps the order of the arguments
                self.stdout.write(json.dumps(line, ensure_ascii=False))
                self.stdout.flush()
