from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schouw", "0005_variant_deals")]

    operations = [
        migrations.AddConstraint(
            model_name="schouw",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "schouw"), ("deal__isnull", True), _connector="OR"),
                name="schouw_variant_links_its_deals",
            ),
        ),
    ]
