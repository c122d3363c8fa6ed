import simple_history
from modeltranslation.translator import TranslationOptions, register

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(RegionalOmbudsman)
class RegionalOmbudsmanTranslation(TranslationOptions):
    fields = ("public_notice",)


@register(NationalService)
class NationalServiceTranslation(TranslationOptions):
    fields = ("name", "description", "opening_hours", "public_notice")


TRANSLATED = {
    Region: RegionTranslation.fields,
    RegionalOmbudsman: RegionalOmbudsmanTranslation.fields,
    NationalService: NationalServiceTranslation.fields,
    PhoneNumber: (),
}

# History is registered here, after modeltranslation has added the per-language columns,
# so every language's value is recorded (declaring HistoricalRecords on the model fails).
# The virtual field (`name`) is left out: it reads as whatever language was active when
# the entry was saved, so its "changes" would be noise next to name_kk/_ru/_en.
for model, translated in TRANSLATED.items():
    excluded = [*translated, *(["updated_at"] if hasattr(model, "updated_at") else [])]
    simple_history.register(model, excluded_fields=excluded)
