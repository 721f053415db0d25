"""What the intake shows in the portal (``reisgids.registries``): a block on the home page that leads
to the one entrance, /idee/. The ideas themselves are not public: nothing in search or the sitemap."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intake import datasets
from reisgids.registries import register_glossary_term, register_home_block


def register():
    datasets.register()  # the anonymised figures per step as open data (reisgids.datasets)
    register_home_block("intake", template="intake/_home_block.html", items=lambda: [], order=35)
    register_glossary_term(
        "right-to-cooperate",
        _("Right to Cooperate"),
        _(
            "The right of residents and initiatives to propose to do a task of the municipality "
            "together with it. You submit your idea at one entrance; the municipality answers within a "
            "set time and decides openly."
        ),
        url=lambda: reverse("intake:index"),
    )
