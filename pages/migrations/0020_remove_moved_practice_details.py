"""The practice details no longer hold what moved to crisis lines and
notices (0019 carried it over): the crisis lines, the availability note.
The contact page's help says where its button's text is now."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0019_site_text_from_practice_details'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name='sitesettings',
            name='availability_note',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='crisis_line_chat_url',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='crisis_line_name',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='crisis_line_number',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='emergency_number',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='helpline_name',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='helpline_note',
        ),
        migrations.RemoveField(
            model_name='sitesettings',
            name='helpline_number',
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='enquiry_page',
            field=models.ForeignKey(blank=True, help_text="The contact and insurance-check form. Every call to action links to it; the button's text is in Crisis lines and notices.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Admissions contact page'),
        ),
    ]
