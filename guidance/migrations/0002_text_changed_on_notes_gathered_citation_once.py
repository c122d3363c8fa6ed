"""The editorial notes gathered on one page, "Last updated" from the text, each citation once.

- A footnote's editorial note becomes an editorial note of its own (slug footnote-<marker>),
  listed on "About this edition" like the others; the footnote keeps only the manual's text.
- A section's `text_changed_on` is the day staff last changed it, read from its history; a
  section nobody has edited keeps it empty (the manual's text).
- The glossary's separate "legal reference" goes: every definition already cites its law.
"""

from django.db import migrations, models


def carry_over(apps, schema_editor):
    Footnote = apps.get_model("guidance", "Footnote")
    EditorialNote = apps.get_model("guidance", "EditorialNote")
    Section = apps.get_model("guidance", "Section")
    HistoricalSection = apps.get_model("guidance", "HistoricalSection")
    for footnote in Footnote.objects.exclude(editorial_note_kk="", editorial_note_ru="", editorial_note_en=""):
        EditorialNote.objects.get_or_create(
            slug=f"footnote-{footnote.marker}",
            defaults={
                "kind": "missing",
                **{f"text_{lang}": getattr(footnote, f"editorial_note_{lang}") or "" for lang in ("kk", "ru", "en")},
            },
        )
    for section in Section.objects.all():
        # Changes staff made ("~"); the loader records no changes before this migration.
        last = HistoricalSection.objects.filter(id=section.id, history_type="~").order_by("-history_date").first()
        if last is not None:
            section.text_changed_on = last.history_date.date()
            section.save(update_fields=["text_changed_on"])

class Migration(migrations.Migration):

    dependencies = [
        ('guidance', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='editorialnote',
            name='kind',
            field=models.CharField(choices=[('changed', 'What the portal changed'), ('slip', 'Slips of the manual, kept as printed'), ('missing', 'What the text of the manual lacks')], default='changed', max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='historicaleditorialnote',
            name='kind',
            field=models.CharField(choices=[('changed', 'What the portal changed'), ('slip', 'Slips of the manual, kept as printed'), ('missing', 'What the text of the manual lacks')], default='changed', max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='historicalsection',
            name='text_changed_on',
            field=models.DateField(blank=True, help_text='Set when staff change the text. Empty: the text is the manual’s, unchanged.', null=True, verbose_name='text last changed on'),
        ),
        migrations.AddField(
            model_name='section',
            name='text_changed_on',
            field=models.DateField(blank=True, help_text='Set when staff change the text. Empty: the text is the manual’s, unchanged.', null=True, verbose_name='text last changed on'),
        ),
        migrations.AlterField(
            model_name='editorialnote',
            name='slug',
            field=models.SlugField(help_text='Marked in a text with [[note:<slug>]].', max_length=60, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='definition',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='definition_en',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='definition_kk',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='definition_ru',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='historicaleditorialnote',
            name='slug',
            field=models.SlugField(help_text='Marked in a text with [[note:<slug>]].', max_length=60, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='historicalglossaryterm',
            name='definition',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='historicalglossaryterm',
            name='definition_en',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='historicalglossaryterm',
            name='definition_kk',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='historicalglossaryterm',
            name='definition_ru',
            field=models.TextField(help_text='Markdown, as the manual words it, with the law it cites.', null=True, verbose_name='definition'),
        ),
        migrations.AlterField(
            model_name='historicalsection',
            name='body',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='historicalsection',
            name='body_en',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='historicalsection',
            name='body_kk',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='historicalsection',
            name='body_ru',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='section',
            name='body',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='section',
            name='body_en',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='section',
            name='body_kk',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='section',
            name='body_ru',
            field=models.TextField(blank=True, help_text="Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], [[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text before it; [[added]] in a heading marks the heading as added by the portal.", null=True, verbose_name='body'),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='footnote',
            name='editorial_note',
        ),
        migrations.RemoveField(
            model_name='footnote',
            name='editorial_note_en',
        ),
        migrations.RemoveField(
            model_name='footnote',
            name='editorial_note_kk',
        ),
        migrations.RemoveField(
            model_name='footnote',
            name='editorial_note_ru',
        ),
        migrations.RemoveField(
            model_name='glossaryterm',
            name='legal_reference',
        ),
        migrations.RemoveField(
            model_name='glossaryterm',
            name='legal_reference_en',
        ),
        migrations.RemoveField(
            model_name='glossaryterm',
            name='legal_reference_kk',
        ),
        migrations.RemoveField(
            model_name='glossaryterm',
            name='legal_reference_ru',
        ),
        migrations.RemoveField(
            model_name='historicalfootnote',
            name='editorial_note',
        ),
        migrations.RemoveField(
            model_name='historicalfootnote',
            name='editorial_note_en',
        ),
        migrations.RemoveField(
            model_name='historicalfootnote',
            name='editorial_note_kk',
        ),
        migrations.RemoveField(
            model_name='historicalfootnote',
            name='editorial_note_ru',
        ),
        migrations.RemoveField(
            model_name='historicalglossaryterm',
            name='legal_reference',
        ),
        migrations.RemoveField(
            model_name='historicalglossaryterm',
            name='legal_reference_en',
        ),
        migrations.RemoveField(
            model_name='historicalglossaryterm',
            name='legal_reference_kk',
        ),
        migrations.RemoveField(
            model_name='historicalglossaryterm',
            name='legal_reference_ru',
        ),
    ]
