"""What the intake shows in the portal (``reisgids.registries``): a block on the home page that leads
to the one entrance, /idee/. The ideas themselves are not public: nothing in search or the sitemap."""

from intake import datasets
from reisgids.registries import register_home_block


def register():
    datasets.register()  # the anonymised figures per step as open data (reisgids.datasets)
    register_home_block("intake", template="intake/_home_block.html", items=lambda: [], order=35)
