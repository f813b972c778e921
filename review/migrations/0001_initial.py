"""The clinical review task, moved here from the pages app: its table
(pages_clinicalreviewtask) and rows stay where they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("pages", "0013_models_moved_to_review_and_caching"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ClinicalReviewTask",
                    fields=[
                        (
                            "task_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.task",
                            ),
                        ),
                        (
                            "groups",
                            models.ManyToManyField(
                                help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                                to="auth.group",
                                verbose_name="groups",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Clinical review task",
                        "verbose_name_plural": "Clinical review tasks",
                        "db_table": "pages_clinicalreviewtask",
                    },
                    bases=("wagtailcore.task",),
                ),
            ],
            database_operations=[],
        ),
    ]
