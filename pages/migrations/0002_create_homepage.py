"""Replace Wagtail's placeholder welcome page with the practice's HomePage.

Content comes later (staff, or `load_demo`); this only gives the site a root
of the right type, as Wagtail's project template does.
"""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("pages.HomePage")

    if HomePage.objects.exists():
        return
    placeholder_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    # The welcome page from wagtailcore's initial data; its Site goes with it.
    Page.objects.filter(content_type=placeholder_type, depth=2).delete()

    homepage_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="homepage"
    )
    homepage = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale_id=Locale.objects.order_by("pk").values_list("pk", flat=True).first(),
    )
    root = Page.objects.get(depth=1)
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page_id=homepage.pk,
        is_default_site=True,
        site_name="Manifest Behavioral Health",
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("pages.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
