"""The site search has no models of its own: it reads Wagtail's search index (``wagtailsearch``).
This module exists so Django sends this app ``post_migrate`` (it skips apps without models), which
``apps.py`` uses to index the rows that data migrations wrote without signals."""
