"""A peer review or college tour links its deals (``SchouwDeal``); one that had a single deal keeps
it as a link. Its own migration (and transaction), so the check below follows the data move."""

from django.db import migrations, models


def link_variants_deal(apps, schema_editor):
    """A peer review or college tour that had a single deal keeps it, as its first linked deal."""
    Schouw = apps.get_model("schouw", "Schouw")
    SchouwDeal = apps.get_model("schouw", "SchouwDeal")
    variants = Schouw.objects.exclude(kind="schouw").filter(deal__isnull=False)
    SchouwDeal.objects.bulk_create(
        [SchouwDeal(schouw_id=pk, deal_id=deal_id) for pk, deal_id in variants.values_list("pk", "deal_id")],
        ignore_conflicts=True,
    )
    variants.update(deal=None)


class Migration(migrations.Migration):
    dependencies = [("schouw", "0004_linked_deals")]

    operations = [
        migrations.RunPython(link_variants_deal, migrations.RunPython.noop),
    ]
