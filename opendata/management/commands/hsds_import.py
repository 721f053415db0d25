"""``manage.py hsds_import PACKAGE.zip [--dry-run]``: load an HSDS 3.0 tabular data package (a
gemeente's sociale kaart) into the directory, and print what was created, updated, left unchanged and
rejected (with the reason). All or nothing: one transaction (``opendata.services.hsds_import``)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opendata.services import hsds_import


class Command(BaseCommand):
    help = "Import an HSDS 3.0 tabular data package (ZIP of CSVs + datapackage.json) into the directory."

    def add_arguments(self, parser):
        parser.add_argument("package", help="Path of the data package ZIP")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing")

    def handle(self, *args, package, dry_run, **options):
        try:
            report = hsds_import(source=package, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
