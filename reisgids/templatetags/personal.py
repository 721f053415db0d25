"""``{% personal "name" arg … %}``: the placeholder of a personal part of a shared page
(``reisgids.caching.slot``), filled per request by the filler registered under ``name``."""

from django import template

from reisgids.caching import slot

register = template.Library()


@register.simple_tag
def personal(name, *args):
    return slot(name, *args)
