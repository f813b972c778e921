"""The byline is chosen, not typed; a review keeps the reviewer as it named
them.

- An article's "Written by" becomes a choice of clinician profile (`author`;
  empty for the editorial team). An existing typed byline that names a
  profile (by name, or name and credentials) becomes that profile; anything
  else becomes the editorial team.
- Every approval keeps the reviewer's name, credentials and role as they
  were: filled here from the profile (or account) each existing review names.
- `reviewed_rule` 1 marks approvals taken under the first rule of what is
  clinical; the review app checks them again under today's rule.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_bylines_and_reviewers(apps, schema_editor):
    Clinician = apps.get_model("pages", "Clinician")
    profiles = {}
    for clinician in Clinician.objects.all():
        profiles[clinician.name.strip().lower()] = clinician
        if clinician.credentials:
            full = f"{clinician.name}, {clinician.credentials}"
            profiles[full.strip().lower()] = clinician
    ArticlePage = apps.get_model("pages", "ArticlePage")
    for page in ArticlePage.objects.exclude(editorial_owner=""):
        author = profiles.get(page.editorial_owner.strip().lower())
        if author is not None:
            ArticlePage.objects.filter(pk=page.pk).update(author=author)
    for model_name in ("ArticlePage", "ProgramPage"):
        model = apps.get_model("pages", model_name)
        for page in model.objects.exclude(reviewed_at=None):
            if page.reviewer_id:
                reviewer = Clinician.objects.get(pk=page.reviewer_id)
                snapshot = {
                    "reviewer_name": reviewer.name,
                    "reviewer_credentials": reviewer.credentials,
                    "reviewer_role": reviewer.role,
                }
            elif page.reviewed_by_id:
                user = page.reviewed_by
                name = f"{user.first_name} {user.last_name}".strip()
                snapshot = {
                    "reviewer_name": name or user.username,
                    "reviewer_role": "Medical Director",
                }
            else:
                continue
            model.objects.filter(pk=page.pk).update(**snapshot)


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0013_models_moved_to_review_and_caching'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlepage',
            name='author',
            field=models.ForeignKey(blank=True, help_text="Who wrote the article: choose a clinician's profile, or leave empty for the practice's editorial team.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles_written', to='pages.clinician', verbose_name='Byline'),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='reviewed_rule',
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='reviewer_credentials',
            field=models.CharField(blank=True, editable=False, max_length=80),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='reviewer_name',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='reviewer_role',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='programpage',
            name='reviewed_rule',
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='programpage',
            name='reviewer_credentials',
            field=models.CharField(blank=True, editable=False, max_length=80),
        ),
        migrations.AddField(
            model_name='programpage',
            name='reviewer_name',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='programpage',
            name='reviewer_role',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.RunPython(fill_bylines_and_reviewers, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='articlepage',
            name='editorial_owner',
        ),
    ]
