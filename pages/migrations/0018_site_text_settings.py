"""Crisis lines and notices: the site-wide text that clinically reviewed
pages show, staged (drafts, revisions, the Clinical review workflow) so
that the Medical Director approves changes before they go live.

Marketing edits it and saves drafts; only the Medical Director group (and
superusers) may publish. Nobody adds or deletes one: each site has one.
"""

import django.db.models.deletion
import pages.crisis_lines
import pages.phones
import wagtail.fields
import wagtail.models.preview
from django.db import migrations, models

from pages.migrations._roles import revoke_model_permissions

MODEL = "sitetextsettings"
ROLE_ACTIONS = {
    "Marketing": ("view", "change"),
    "Medical Director": ("view", "change", "publish"),
}


def grant(apps, schema_editor):
    # Permissions are normally made after migrating: made here, with names
    # that read like Django's and Wagtail's.
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="pages", model=MODEL)
    for role, actions in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{MODEL}",
                defaults={"name": f"Can {action} crisis lines and notices"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    for role, actions in ROLE_ACTIONS.items():
        revoke_model_permissions(apps, "pages", MODEL, actions, roles=(role,))


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0017_american_english'),
        ('wagtailcore', '0098_apitoken'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='SiteTextSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                ('crisis_lines', wagtail.fields.StreamField([('national', 0), ('other', 4)], block_lookup={0: ('wagtail.blocks.ChoiceBlock', [], {'choices': pages.crisis_lines.national_line_choices}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': 'As the service names itself.', 'max_length': 120}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'As visitors should read it, e.g. (949) 555-0123. It becomes a tap-to-call link.', 'max_length': 32, 'validators': [pages.phones.validate_phone]}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who it is for and when it answers.', 'max_length': 200, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('name', 1), ('number', 2), ('note', 3)]], {})}, default=[('national', '988'), ('national', '911'), ('national', 'samhsa')], help_text="Listed in this order in every page's footer, in crisis callouts and on error pages. National lines are chosen, not typed: the 988 Lifeline and 911 are always listed.")),
                ('availability_note', models.CharField(blank=True, help_text='When and how to reach admissions, shown beside the phone.', max_length=200)),
                ('contact_label', models.CharField(default='Contact admissions', help_text='The text of every button that leads to the admissions contact page (chosen in Practice details).', max_length=60, verbose_name='Contact button text')),
                ('pending_review_note', models.CharField(default='This page is awaiting clinical review by our Medical Director. Its information comes from the sources listed under References on this page.', help_text="Shown after “Editor's note:” on a clinical page until the Medical Director reviews it. It must be true of every such page.", max_length=300, verbose_name='Note on a page awaiting review')),
                ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'Crisis lines and notices',
                'verbose_name_plural': 'Crisis lines and notices',
            },
            bases=(wagtail.models.preview.PreviewableMixin, models.Model),
        ),
        migrations.RunPython(grant, revoke),
    ]
