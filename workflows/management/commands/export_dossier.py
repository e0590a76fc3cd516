"""python manage.py export_dossier LETTER_ID --out DIR [--user USERNAME]

Write a letter's dossier as a BagIt bag (RFC 8493) into DIR (created; it must be empty):
the originals byte-identical, derived files, letter.json, summary.pdf, bag-info.txt and
SHA-256 manifests. Check it with ``bagit.py --validate DIR``. The export is recorded in
the letter's history (by USERNAME when given)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workflows.exports.dossier import dossier_write
from workflows.models import Letter


class Command(BaseCommand):
    help = "Export a letter's dossier as a BagIt bag."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("letter_id", type=int)
        parser.add_argument("--out", required=True, help="the bag's folder (new or empty)")
        parser.add_argument("--user", help="who exports (recorded in the letter's history)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            letter = Letter.objects.get(pk=options["letter_id"])
        except Letter.DoesNotExist as exc:
            raise CommandError(f"No letter {options['letter_id']}.") from exc
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {options['user']}.") from exc
        out = Path(options["out"])
        try:
            dossier_write(letter=letter, out=out, actor=actor, detail=f"manage.py → {out}")
        except FileExistsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(out))
