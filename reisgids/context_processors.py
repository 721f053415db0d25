from django.conf import settings


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        # Where a resident looking for care or help for themselves should go (the footer, the home page).
        "resident_help_name": settings.RESIDENT_HELP_NAME,
        "resident_help_url": settings.RESIDENT_HELP_URL,
    }
