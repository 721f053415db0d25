"""``manage.py seed_english``: give the home page, the section indexes and the standard pages their
English version (``atlas.demo.seed_english_pages``: the texts of ``atlas.content_en`` and those other
apps registered), so a fresh installation serves English under /en/ without demo data. Idempotent: a
version an editor published is kept. The web service runs it after ``migrate`` on every start
(docker-compose.yml)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from atlas.demo import seed_english_pages


class Command(BaseCommand):
    help = "Give the home page, section indexes and standard pages their English version (keeps an editor's)."

    def handle(self, *args, **options):
        before = Page.objects.filter(locale__language_code="en").count()
        with transaction.atomic():
            seed_english_pages()
        after = Page.objects.filter(locale__language_code="en").count()
        self.stdout.write(f"English pages: {after} ({after - before} new)")
