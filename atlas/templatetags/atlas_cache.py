"""``{% cachedfragment "name" namespaces="atlas directory" key=page.pk vary_on_query=True %}…
{% endcachedfragment %}``: the enclosed part of a page from the fragment cache
(``reisgids.caching.fragment``), rendered only on a miss, the same for every visitor: what is
personal in it is a slot (``{% personal %}``, ``reisgids.caching.slot``). Context values the part
reads should be lazy (``SimpleLazyObject``) so a hit runs no query. Never cached: Wagtail previews."""

from django import template
from django.template.base import token_kwargs

from reisgids.caching import fragment

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, name, kwargs, nodelist):
        self.name = name
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        options = {key: value.resolve(context) for key, value in self.kwargs.items()}
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        namespaces = tuple(str(options.get("namespaces", "atlas directory")).split())
        key = options.get("key", "")
        key_parts = key if isinstance(key, list | tuple) else (key,)
        return fragment(
            request,
            self.name.resolve(context),
            lambda: self.nodelist.render(context),
            namespaces=namespaces,
            key_parts=key_parts,
            vary_on_query=bool(options.get("vary_on_query", True)),
        )


@register.tag("cachedfragment")
def do_cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    name = parser.compile_filter(bits[1])
    remaining = bits[2:]
    kwargs = token_kwargs(remaining, parser)
    if remaining:
        raise template.TemplateSyntaxError(f"cachedfragment: unknown arguments {remaining}")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(name, kwargs, nodelist)
