from modeltranslation.translator import TranslationOptions, register

from referrals.models import Settlement


@register(Settlement)
class SettlementTranslation(TranslationOptions):
    fields = ("name", "district")
