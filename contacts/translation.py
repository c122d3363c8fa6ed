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


# History is registered here, after modeltranslation has added the per-language columns,
# so every language's value is recorded (declaring HistoricalRecords on the model fails).
for model in (Region, RegionalOmbudsman, NationalService, PhoneNumber):
    simple_history.register(model, excluded_fields=["updated_at"] if hasattr(model, "updated_at") else [])
