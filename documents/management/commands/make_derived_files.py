"""python manage.py make_derived_files (--missing | --all | ID [ID ...]) [--queue]

Makes the searchable PDF/A (scans only) and the first-page thumbnail of stored documents:
``--missing`` for those whose derived files are not done (documents stored before the
derived files existed, or whose last attempt failed), ``--all`` to make every document's
files again (for instance after changing the thumbnail width). Runs here, one document
after the other, and prints one line per document; ``--queue`` hands them to the task
worker instead. Exit code 1 when any document failed.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.models import Document
from documents.tasks import document_queue_derived, make_derived_files


class Command(BaseCommand):
    help = "Make the searchable PDF/A and the thumbnail of stored documents."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--missing", action="store_true", help="documents not done yet")
        which.add_argument("--all", action="store_true", help="every document, made again")
        parser.add_argument("ids", nargs="*", type=int, metavar="ID")
        parser.add_argument("--queue", action="store_true", help="queue tasks, do not wait")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["ids"]) + options["missing"] + options["all"] != 1:
            raise CommandError("Give document IDs, --missing or --all (one of them).")
        documents = Document.objects.filter(disposed_at__isnull=True).order_by("pk")
        if options["missing"]:
            documents = documents.exclude(derived_status=Document.Derived.DONE)
        elif options["ids"]:
            documents = documents.filter(pk__in=options["ids"])
        remake = bool(options["all"] or options["ids"])
        failed = 0
        for document_id in list(documents.values_list("pk", flat=True)):
            if options["queue"]:
                document_queue_derived(document_id, remake=remake)
                self.stdout.write(f"{document_id} queued")
                continue
            outcome = make_derived_files.call(document_id, remake)
            line = f"{document_id} {outcome}"
            if outcome == "failed":
                failed += 1
                error = Document.objects.filter(pk=document_id).values_list(
                    "derived_error", flat=True
                )
                line += ": " + " / ".join(error.first().splitlines())
            self.stdout.write(line)
        if failed:
            raise CommandError(f"{failed} document(s) failed", returncode=1)
