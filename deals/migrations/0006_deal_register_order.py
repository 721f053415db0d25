from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0005_text_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(fields=["-closed_at", "-id"], name="deal_register_order"),
        ),
    ]
