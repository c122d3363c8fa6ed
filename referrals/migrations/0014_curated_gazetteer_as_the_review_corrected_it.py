"""The curated gazetteer as the content review of December 2026 corrected it, in databases loaded before.

- Places the gazetteer of 25 November 2026 named by a former name take their official one
  (Ганюшкино → Құрманғазы, Киевка → Нұра, Ақсукент → Ақсу), and every curated place takes the
  corrected Russian name, district and English name (the Kazakh name romanised by one rule,
  contacts/names.py). The former official name stays as a variant, so it still finds the place.
- Where a later load added a renamed place a second time, the two become one again: the
  referrals and names of the old one move to the new one.
- The districts of Astana, Almaty and Shymkent that the classifier gave a Russian name in every
  language ("район Есиль") take their Kazakh and English names.

Only values still as the loader wrote them change: whatever staff edited is kept. The loader
(`make data`, after the migrations) then adds the names the places lack.
"""

from django.db import migrations

# (region, Kazakh name as loaded): field -> (as loaded, now)
CORRECTIONS = {
    ("KZ-10", "Семей"): {"name_en": ("Semey", "Semei")},
    ("KZ-10", "Аягөз"): {"name_en": ("Ayagoz", "Aiagoz")},
    ("KZ-10", "Қарауыл"): {"name_en": ("Karaul", "Karauyl")},
    ("KZ-10", "Көкпекті"): {"name_en": ("Kokpekty", "Kokpekti")},
    ("KZ-10", "Мақаншы"): {"name_en": ("Makanchi", "Makanshy")},
    ("KZ-10", "Жаңғызтөбе"): {"name_en": ("Zhangiztobe", "Zhangyztobe")},
    ("KZ-11", "Ерейментау"): {"name_en": ("Ereymentau", "Ereimentau")},
    ("KZ-11", "Степняк"): {"name_en": ("Stepnyak", "Stepniak")},
    ("KZ-11", "Астрахан"): {"name_en": ("Astrakhanka", "Astrakhan")},
    ("KZ-11", "Егіндікөл"): {"name_en": ("Egindykol", "Egindikol")},
    ("KZ-11", "Зеренді"): {"name_en": ("Zerenda", "Zerendi")},
    ("KZ-11", "Бурабай"): {"name_en": ("Burabay", "Burabai")},
    ("KZ-15", "Ембі"): {"name_en": ("Emba", "Embi")},
    ("KZ-15", "Қарауылкелді"): {"name_en": ("Karauylkeldy", "Karauylkeldi")},
    ("KZ-15", "Ырғыз"): {"name_en": ("Irgiz", "Yrgyz")},
    ("KZ-15", "Мәртөк"): {"name_en": ("Martuk", "Martok")},
    ("KZ-15", "Шұбарқұдық"): {"name_en": ("Shubarkuduk", "Shubarkudyk")},
    ("KZ-19", "Өтеген батыр"): {"name_en": ("Otegen Batyr", "Otegen batyr")},
    ("KZ-19", "Шонжы"): {"name_en": ("Chundzha", "Shonzhy")},
    ("KZ-19", "Боралдай"): {"name_en": ("Boralday", "Boraldai")},
    ("KZ-23", "Ганюшкино"): {
        "name_kk": ("Ганюшкино", "Құрманғазы"),
        "name_ru": ("Ганюшкино", "Курмангазы"),
        "name_en": ("Ganyushkino", "Kurmangazy"),
    },
    ("KZ-23", "Миялы"): {"name_en": ("Miyaly", "Miialy")},
    ("KZ-63", "Серебрянск"): {"name_en": ("Serebryansk", "Serebriansk")},
    ("KZ-63", "Катонқарағай"): {"name_en": ("Katon-Karagay", "Katonkaragai")},
    ("KZ-63", "Күршім"): {"name_en": ("Kurchum", "Kurshim")},
    ("KZ-63", "Самар"): {"name_en": ("Samarskoye", "Samar")},
    ("KZ-63", "Новая Бухтарма"): {"name_en": ("Novaya Bukhtarma", "Novaia Bukhtarma")},
    ("KZ-31", "Бауыржан Момышұлы"): {"name_en": ("Baurzhan Momyshuly", "Bauyrzhan Momyshuly")},
    ("KZ-31", "Қордай"): {"name_en": ("Korday", "Kordai")},
    ("KZ-31", "Меркі"): {"name_en": ("Merke", "Merki")},
    ("KZ-31", "Мойынқұм"): {"name_en": ("Moyynkum", "Moiynkum")},
    ("KZ-31", "Төле би"): {"name_en": ("Tole Bi", "Tole bi")},
    ("KZ-31", "Масаншы"): {"name_en": ("Masanchi", "Masanshy")},
    ("KZ-33", "Сарқан"): {"name_en": ("Sarkand", "Sarkan")},
    ("KZ-33", "Жансүгіров"): {"name_en": ("Zhansugurov", "Zhansugirov")},
    ("KZ-33", "Балпық би"): {"name_en": ("Balpyk Bi", "Balpyk bi")},
    ("KZ-33", "Қорғас"): {"name_en": ("Khorgos", "Korgas")},
    ("KZ-27", "Ақсай"): {"name_en": ("Aksay", "Aksai")},
    ("KZ-27", "Перемётное"): {"name_en": ("Peremetnoye", "Peremetnoe")},
    ("KZ-27", "Жаңақала"): {"name_en": ("Zhangala", "Zhanakala")},
    ("KZ-27", "Казталов"): {"name_en": ("Kaztalovka", "Kaztalov")},
    ("KZ-35", "Қарағанды"): {"name_en": ("Karaganda", "Karagandy")},
    ("KZ-35", "Балқаш"): {"name_en": ("Balkhash", "Balkash")},
    ("KZ-35", "Саран"): {"name_ru": ("Саран", "Сарань")},
    ("KZ-35", "Абай"): {"name_en": ("Abay", "Abai")},
    ("KZ-35", "Ақтоғай"): {"name_en": ("Aktogay", "Aktogai")},
    ("KZ-35", "Киевка"): {"name_kk": ("Киевка", "Нұра"), "name_ru": ("Киевка", "Нура"), "name_en": ("Kiyevka", "Nura")},
    ("KZ-35", "Ақсу-Аюлы"): {"name_en": ("Aksu-Ayuly", "Aksu-Aiuly")},
    ("KZ-39", "Қостанай"): {"name_en": ("Kostanay", "Kostanai")},
    ("KZ-39", "Лисаков"): {"name_en": ("Lisakovsk", "Lisakov")},
    ("KZ-39", "Рудный"): {"name_en": ("Rudny", "Rudnyi")},
    ("KZ-39", "Амангелді"): {"name_en": ("Amangeldy", "Amangeldi")},
    ("KZ-39", "Әйет"): {"name_en": ("Ayet", "Aiet")},
    ("KZ-39", "Боровской"): {"name_ru": ("Боровское", "Боровской"), "name_en": ("Borovskoye", "Borovskoi")},
    ("KZ-39", "Қараменді"): {"name_en": ("Karamendy", "Karamendi")},
    ("KZ-39", "Ұзынкөл"): {"name_en": ("Uzunkol", "Uzynkol")},
    ("KZ-43", "Байқоңыр"): {"name_en": ("Baikonur", "Baikonyr")},
    ("KZ-43", "Арал"): {"name_en": ("Aralsk", "Aral")},
    ("KZ-43", "Әйтеке би"): {"name_en": ("Aiteke Bi", "Aiteke bi")},
    ("KZ-47", "Жетібай"): {"name_en": ("Zhetybai", "Zhetibai")},
    ("KZ-47", "Сайөтес"): {"name_en": ("Sayutes", "Saiotes"), "district_kk": ("Бейнеу ауданы", "Маңғыстау ауданы")},
    ("KZ-55", "Ақтоғай"): {"name_en": ("Aktogay", "Aktogai")},
    ("KZ-55", "Баянауыл"): {"name_en": ("Bayanaul", "Baianauyl")},
    ("KZ-55", "Ертіс"): {"name_en": ("Irtyshsk", "Ertis")},
    ("KZ-55", "Павлодарское"): {"name_en": ("Pavlodarskoye", "Pavlodarskoe")},
    ("KZ-55", "Майқайың"): {"name_en": ("Maikain", "Maikaiyn")},
    ("KZ-59", "Булаев"): {"name_en": ("Bulaevo", "Bulaev")},
    ("KZ-59", "Мамлют"): {"name_en": ("Mamlyutka", "Mamliut")},
    ("KZ-59", "Сергеев"): {"name_en": ("Sergeyevka", "Sergeev")},
    ("KZ-59", "Тайынша"): {"name_en": ("Tayynsha", "Taiynsha")},
    ("KZ-59", "Талшық"): {"name_en": ("Talshik", "Talshyk")},
    ("KZ-59", "Явленка"): {"name_en": ("Yavlenka", "Iavlenka")},
    ("KZ-59", "Новоишимское"): {"name_en": ("Novoishimskoye", "Novoishimskoe")},
    ("KZ-59", "Тимирязев"): {"name_en": ("Timiryazevo", "Timiriazev")},
    ("KZ-61", "Шаян"): {"name_en": ("Shayan", "Shaian")},
    ("KZ-61", "Абай"): {"name_en": ("Abay", "Abai")},
    ("KZ-61", "Ақсукент"): {
        "name_kk": ("Ақсукент", "Ақсу"),
        "name_ru": ("Аксукент", "Аксу"),
        "name_en": ("Aksukent", "Aksu"),
    },
    ("KZ-62", "Сәтбаев"): {"name_en": ("Satpayev", "Satbaev")},
    ("KZ-62", "Жезді"): {"name_en": ("Zhezdy", "Zhezdi")},
}

# KATO code: (as the classifier loaded it in every language, Kazakh, Russian, English)
CITY_DISTRICTS = {
    "711110000": ("район Алматы", "Алматы ауданы", "район Алматы", "Almaty District"),
    "711210000": ("район Есиль", "Есіл ауданы", "район Есиль", "Esil District"),
    "711310000": ("район Сарыарка", "Сарыарқа ауданы", "район Сарыарка", "Saryarka District"),
    "711410000": ("район Байқоңыр", "Байқоңыр ауданы", "район Байконур", "Baikonyr District"),
    "751110000": ("Алмалинский район", "Алмалы ауданы", "Алмалинский район", "Almaly District"),
    "751210000": ("Алатауский район", "Алатау ауданы", "Алатауский район", "Alatau District"),
    "751310000": ("Ауэзовский район", "Әуезов ауданы", "Ауэзовский район", "Auezov District"),
    "751410000": ("Бостандыкский район", "Бостандық ауданы", "Бостандыкский район", "Bostandyk District"),
    "751510000": ("Жетысуский район", "Жетісу ауданы", "Жетысуский район", "Zhetisu District"),
    "751710000": ("Медеуский район", "Медеу ауданы", "Медеуский район", "Medeu District"),
    "751810000": ("Наурызбайский район", "Наурызбай ауданы", "Наурызбайский район", "Nauryzbai District"),
    "751910000": ("Турксибский район", "Түрксіб ауданы", "Турксибский район", "Turksib District"),
    "791110000": ("Абайский район", "Абай ауданы", "Абайский район", "Abai District"),
    "791310000": ("Аль-Фарабийский район", "Әл-Фараби ауданы", "Аль-Фарабийский район", "Al-Farabi District"),
    "791510000": ("Енбекшинский район", "Еңбекші ауданы", "Енбекшинский район", "Enbekshi District"),
    "791710000": ("Каратауский район", "Қаратау ауданы", "Каратауский район", "Karatau District"),
}
NAME_FIELDS = ("name_kk", "name_ru", "name_en")
# Kazakh name: names the gazetteer gave a place that belong to another one.
WRONG_NAMES = {"Боровской": ("Боровское",)}


def _merge(apps, old, new):
    """One place again: the old one's referrals and names go to the new one."""
    Referral = apps.get_model("referrals", "Referral")
    RoutingRecord = apps.get_model("referrals", "RoutingRecord")
    SettlementName = apps.get_model("referrals", "SettlementName")
    Referral.objects.filter(settlement=old).update(settlement=new)
    RoutingRecord.objects.filter(matched_settlement=old).update(matched_settlement=new)
    keys = set(SettlementName.objects.filter(settlement=new).values_list("key", flat=True))
    for name in SettlementName.objects.filter(settlement=old).exclude(key__in=keys):
        name.settlement, name.kind = new, "variant"
        name.save(update_fields=["settlement", "kind"])
    old.delete()


def _correct(apps, settlement, changes):
    SettlementName = apps.get_model("referrals", "SettlementName")
    changed, former = [], []
    for field, (loaded, now) in changes.items():
        if (getattr(settlement, field) or "") == loaded:
            setattr(settlement, field, now)
            changed.append(field)
            if field in NAME_FIELDS:
                former.append(loaded)
    if "name_kk" in changed:
        settlement.name = settlement.name_kk
        changed.append("name")
    if "district_kk" in changed and settlement.district == changes["district_kk"][0]:
        settlement.district = settlement.district_kk
        changed.append("district")
    if changed:
        settlement.save(update_fields=changed)
    # A wrong name is removed: "Боровское" is a village of North Kazakhstan, not Боровской.
    SettlementName.objects.filter(settlement=settlement, name__in=WRONG_NAMES.get(settlement.name_kk, ())).delete()
    # A former official name is a variant now: it still finds the place.
    current = [getattr(settlement, field) for field in NAME_FIELDS]
    SettlementName.objects.filter(settlement=settlement, kind="official", name__in=former).exclude(
        name__in=current
    ).update(kind="variant")


def forward(apps, schema_editor):
    Settlement = apps.get_model("referrals", "Settlement")
    for (region, name_kk), changes in CORRECTIONS.items():
        for settlement in Settlement.objects.filter(region__code=region, name_kk=name_kk):
            renamed_to = changes.get("name_kk", (None, None))[1]
            twin = (
                Settlement.objects.filter(region__code=region, name_kk=renamed_to).exclude(pk=settlement.pk).first()
                if renamed_to
                else None
            )
            if twin is not None:
                _merge(apps, settlement, twin)
            else:
                _correct(apps, settlement, changes)
    for code, (loaded, kazakh, russian, english) in CITY_DISTRICTS.items():
        settlement = Settlement.objects.filter(kato_code=code).first()
        if settlement is not None:
            _correct(apps, settlement, {"name_kk": (loaded, kazakh), "name_ru": (loaded, russian),
                                        "name_en": (loaded, english)})  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0013_export_unreadable_rows_and_downloads"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
