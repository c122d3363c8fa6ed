"""Names in every script: an ombudsman's name in Russian and Latin letters, regions named in full.

- Each ombudsman gets Russian and Latin forms of their name, derived from the Kazakh by the
  portal's rule (contacts/names.py) and marked as still to confirm with the person.
- Regions the manual abbreviates ("Абай обл.", "Астана қ.") get their full Kazakh names, and
  English names follow one romanisation ("Zhambyl", not "Jambyl").
- The 111 line is named "111 жедел желісі" and its description no longer repeats that calls are
  anonymous; the foundation's hashtag is written #НеМолчиKZ; the Commissioner's Russian name is
  the official one.

Only values still as the manual's data loaded them change: whatever staff edited is kept.
"""

from django.db import migrations, models

from contacts import names

# code: (Kazakh as loaded, in full, English as loaded, by the romanisation)
REGIONS = {
    "KZ-71": ('Астана қ.', 'Астана қаласы', 'Astana city', 'Astana City'),
    "KZ-75": ('Алматы қ.', 'Алматы қаласы', 'Almaty city', 'Almaty City'),
    "KZ-79": ('Шымкент қ.', 'Шымкент қаласы', 'Shymkent city', 'Shymkent City'),
    "KZ-10": ('Абай обл.', 'Абай облысы', 'Abai Region', 'Abai Region'),
    "KZ-11": ('Ақмола обл.', 'Ақмола облысы', 'Akmola Region', 'Akmola Region'),
    "KZ-15": ('Ақтөбе обл.', 'Ақтөбе облысы', 'Aktobe Region', 'Aktobe Region'),
    "KZ-19": ('Алматы обл.', 'Алматы облысы', 'Almaty Region', 'Almaty Region'),
    "KZ-23": ('Атырау обл.', 'Атырау облысы', 'Atyrau Region', 'Atyrau Region'),
    "KZ-63": ('Шығыс Қазақстан обл.', 'Шығыс Қазақстан облысы', 'East Kazakhstan Region', 'East Kazakhstan Region'),
    "KZ-31": ('Жамбыл обл.', 'Жамбыл облысы', 'Jambyl Region', 'Zhambyl Region'),
    "KZ-33": ('Жетісу обл.', 'Жетісу облысы', 'Zhetisu Region', 'Zhetisu Region'),
    "KZ-27": ('Батыс Қазақстан обл.', 'Батыс Қазақстан облысы', 'West Kazakhstan Region', 'West Kazakhstan Region'),
    "KZ-35": ('Қарағанды обл.', 'Қарағанды облысы', 'Karaganda Region', 'Karagandy Region'),
    "KZ-39": ('Қостанай обл.', 'Қостанай облысы', 'Kostanay Region', 'Kostanai Region'),
    "KZ-43": ('Қызылорда обл.', 'Қызылорда облысы', 'Kyzylorda Region', 'Kyzylorda Region'),
    "KZ-47": ('Маңғыстау обл.', 'Маңғыстау облысы', 'Mangystau Region', 'Mangystau Region'),
    "KZ-55": ('Павлодар обл.', 'Павлодар облысы', 'Pavlodar Region', 'Pavlodar Region'),
    "KZ-59": ('Солтүстік Қазақстан обл.', 'Солтүстік Қазақстан облысы', 'North Kazakhstan Region', 'North Kazakhstan Region'),
    "KZ-61": ('Түркістан обл.', 'Түркістан облысы', 'Turkistan Region', 'Turkistan Region'),
    "KZ-62": ('Ұлытау обл.', 'Ұлытау облысы', 'Ulytau Region', 'Ulytau Region'),
}
# slug: field -> (as loaded, now)
SERVICES = {
    "hotline-111": {
        "name_kk": ("Жедел қызметі", "111 жедел желісі"),
        "name_ru": ("Горячая линия", "Горячая линия 111"),
        "name_en": ("Hotline", "111 hotline"),
        "description_kk": (
            "Балалардың құқықтарын бұзу және отбасылық-тұрмыстық зорлық-зомбылықтың барлық жағдайлары бойынша. Анонимді.",
            "Балалардың құқықтарын бұзу және отбасылық-тұрмыстық зорлық-зомбылықтың барлық жағдайлары бойынша.",
        ),
        "description_ru": (
            "По всем случаям нарушения прав детей и семейно-бытового насилия. Анонимно.",
            "По всем случаям нарушения прав детей и семейно-бытового насилия.",
        ),
        "description_en": (
            "For all cases of violations of children's rights and domestic violence. Anonymous.",
            "For all cases of violations of children's rights and domestic violence.",
        ),
    },
    "nemolchi": {
        "description_kk": ("#НеМолчикz", "#НеМолчиKZ"),
        "description_ru": ("#НеМолчикz", "#НеМолчиKZ"),
        "description_en": ("#НеМолчикz", "#НеМолчиKZ"),
    },
    "commissioner": {
        "name_ru": ("Уполномоченный по правам ребёнка", "Уполномоченный по правам ребенка в Республике Казахстан"),
    },
}


def forward(apps, schema_editor):
    Region = apps.get_model("contacts", "Region")
    RegionalOmbudsman = apps.get_model("contacts", "RegionalOmbudsman")
    NationalService = apps.get_model("contacts", "NationalService")
    for region in Region.objects.filter(code__in=REGIONS):
        kk_loaded, kk_full, en_loaded, en_romanised = REGIONS[region.code]
        changed = []
        if region.name_kk == kk_loaded:
            region.name_kk, region.name = kk_full, kk_full
            changed += ["name_kk", "name"]
        if region.name_en == en_loaded:
            region.name_en = en_romanised
            changed.append("name_en")
        if changed:
            region.save(update_fields=changed)
    for ombudsman in RegionalOmbudsman.objects.all():
        ombudsman.full_name_ru = ombudsman.full_name_ru or names.russian_form(ombudsman.full_name)
        ombudsman.full_name_en = ombudsman.full_name_en or names.english_name(ombudsman.full_name)
        ombudsman.save(update_fields=["full_name_ru", "full_name_en"])
    for service in NationalService.objects.filter(slug__in=SERVICES):
        changed = []
        for field, (loaded, now) in SERVICES[service.slug].items():
            if getattr(service, field) == loaded:
                setattr(service, field, now)
                changed.append(field)
        if changed:
            service.save(update_fields=changed)


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0002_numbers_as_typed_unique_per_entry_history_per_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalregionalombudsman',
            name='full_name_en',
            field=models.CharField(blank=True, help_text='Given name and surname, shown on the English pages. Empty: derived from the Kazakh form.', max_length=200, verbose_name='full name in Latin letters'),
        ),
        migrations.AddField(
            model_name='historicalregionalombudsman',
            name='full_name_ru',
            field=models.CharField(blank=True, help_text='Shown on the Russian pages. Empty: the Kazakh form is shown.', max_length=200, verbose_name='full name in Russian'),
        ),
        migrations.AddField(
            model_name='historicalregionalombudsman',
            name='name_forms_confirmed',
            field=models.BooleanField(default=False, help_text='Until ticked, the Russian and Latin forms are the ones derived from the Kazakh by the portal’s rule: to confirm with the person.', verbose_name='Russian and Latin forms confirmed with the person'),
        ),
        migrations.AddField(
            model_name='regionalombudsman',
            name='full_name_en',
            field=models.CharField(blank=True, help_text='Given name and surname, shown on the English pages. Empty: derived from the Kazakh form.', max_length=200, verbose_name='full name in Latin letters'),
        ),
        migrations.AddField(
            model_name='regionalombudsman',
            name='full_name_ru',
            field=models.CharField(blank=True, help_text='Shown on the Russian pages. Empty: the Kazakh form is shown.', max_length=200, verbose_name='full name in Russian'),
        ),
        migrations.AddField(
            model_name='regionalombudsman',
            name='name_forms_confirmed',
            field=models.BooleanField(default=False, help_text='Until ticked, the Russian and Latin forms are the ones derived from the Kazakh by the portal’s rule: to confirm with the person.', verbose_name='Russian and Latin forms confirmed with the person'),
        ),
        migrations.AlterField(
            model_name='historicalregionalombudsman',
            name='full_name',
            field=models.CharField(help_text='In Kazakh, exactly as the person writes it.', max_length=200, verbose_name='full name'),
        ),
        migrations.AlterField(
            model_name='regionalombudsman',
            name='full_name',
            field=models.CharField(help_text='In Kazakh, exactly as the person writes it.', max_length=200, verbose_name='full name'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
