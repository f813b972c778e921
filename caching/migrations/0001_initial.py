"""The content version, moved here from the pages app: its table
(pages_contentversion) and its row stay where they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pages", "0013_models_moved_to_review_and_caching"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("value", models.BigIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "content version",
                        "db_table": "pages_contentversion",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
