import simple_history
from modeltranslation.translator import TranslationOptions, register

from guidance.models import EditorialNote, Fact, Footnote, GlossaryTerm, RegionalOffenderFigure, Section


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition", "link_phrases")


@register(Fact)
class FactTranslation(TranslationOptions):
    fields = ("label", "stated_as", "period", "source")


@register(EditorialNote)
class EditorialNoteTranslation(TranslationOptions):
    fields = ("text",)


@register(Footnote)
class FootnoteTranslation(TranslationOptions):
    fields = ("text",)


@register(RegionalOffenderFigure)
class RegionalOffenderFigureTranslation(TranslationOptions):
    fields = ("source",)


# History is registered after modeltranslation has added the per-language columns, so every
# language's value is recorded (declaring HistoricalRecords on the model fails on save).
for model in (Section, GlossaryTerm, Fact, RegionalOffenderFigure, EditorialNote, Footnote):
    simple_history.register(model, excluded_fields=["updated_at"])
