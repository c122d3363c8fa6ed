"""Names in every script: one declared rule gives the Russian and Latin forms, staff confirm them."""

import pytest
from django.contrib.auth.models import Group, User

from contacts import names
from contacts.models import RegionalOmbudsman
from referrals.roles import DIRECTORY_EDITOR

# The content review of December 2026: the manual's name, and the forms it proposes.
REVIEWED = [
    ("Бимендина Әсима Темкенқызы", "Бимендина Асима Темкенкызы", "Asima Bimendina"),
    ("Әжіғұлова Халида Қанатбекқызы", "Ажигулова Халида Канатбеккызы", "Khalida Azhigulova"),
    ("Жазықбаева Жаннета Қанайқызы", "Жазыкбаева Жаннета Канайкызы", "Zhanneta Zhazykbaeva"),
    ("Жүнісова Эльзира Әуесханқызы", "Жунисова Эльзира Ауесханкызы", "Elzira Zhunisova"),
    ("Асаинова Әсем Ануарбекқызы", "Асаинова Асем Ануарбеккызы", "Asem Asainova"),
    ("Аймағамбетов Еділ Қонайұлы", "Аймагамбетов Едил Конайулы", "Edil Aimagambetov"),
    ("Есімбекова Айгүл Қанатқызы", "Есимбекова Айгул Канаткызы", "Aigul Esimbekova"),
    ("Нугманова Арайлым Бағытжановна", "Нугманова Арайлым Багытжановна", "Arailym Nugmanova"),
    ("Каленова Аксана Александровна", "Каленова Аксана Александровна", "Aksana Kalenova"),
    ("Бағжанов Дәурен Орайұлы", "Багжанов Даурен Орайулы", "Dauren Bagzhanov"),
    ("Сисекенова Райхан Маратқызы", "Сисекенова Райхан Мараткызы", "Raikhan Sisekenova"),
    ("Өтебалиева Шаттық Саматқызы", "Отебалиева Шаттык Саматкызы", "Shattyk Otebalieva"),
    ("Киселева Ирина Болеславовна", "Киселева Ирина Болеславовна", "Irina Kiseleva"),
    ("Аманқұлова Арайлым Жумағалиқызы", "Аманкулова Арайлым Жумагаликызы", "Arailym Amankulova"),
    ("Ұзақпаева Жапырақ Бегімбайқызы", "Узакпаева Жапырак Бегимбайкызы", "Zhapyrak Uzakpaeva"),
    ("Болатбаева Тілектес Аманқосқызы", "Болатбаева Тилектес Аманкоскызы", "Tilektes Bolatbaeva"),
    ("Покидова Наталья Сергеевна", "Покидова Наталья Сергеевна", "Natalia Pokidova"),
    ("Сураганова Сәуле Қуандыққызы", "Сураганова Сауле Куандыккызы", "Saule Suraganova"),
    ("Вероцкая Гүлжан Ералиқызы", "Вероцкая Гулжан Ераликызы", "Gulzhan Verotskaia"),
    ("Жаппасова Гүлмира Алпысбайқызы", "Жаппасова Гулмира Алпысбайкызы", "Gulmira Zhappasova"),
]


@pytest.mark.parametrize(("kazakh", "russian", "english"), REVIEWED)
def test_one_rule_gives_the_reviewed_forms_of_every_name(kazakh, russian, english):
    assert names.russian_form(kazakh) == russian
    assert names.english_name(kazakh) == english


def test_the_region_names_in_english_follow_the_same_romanisation():
    assert names.latin_form("Жамбыл") == "Zhambyl"  # not "Jambyl" beside "Zhetisu"
    assert names.latin_form("Жетісу") == "Zhetisu"


def test_kazakh_order_puts_each_kazakh_letter_after_its_plain_one():
    words = ["Ұлытау", "Ақмола", "Абай", "Алматы", "Қостанай", "Кентау", "Үржар", "Уральск", "Әйтеке би"]
    assert names.in_alphabetical_order(words, "kk") == [
        "Абай", "Ақмола", "Алматы", "Әйтеке би", "Кентау", "Қостанай", "Уральск", "Ұлытау", "Үржар",
    ]  # fmt: skip
    # Code-point order (and the manual's Russian order) would put Ақмола after Алматы.
    assert sorted(words).index("Ақмола") > sorted(words).index("Алматы")


def test_the_loader_fills_the_forms_and_marks_them_to_confirm(manual_data):
    ombudsman = RegionalOmbudsman.objects.get(region__code="KZ-71")
    assert (ombudsman.full_name, ombudsman.full_name_ru, ombudsman.full_name_en) == REVIEWED[0]
    assert RegionalOmbudsman.objects.filter(name_forms_confirmed=False).count() == 20


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.kz", "a-long-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name=DIRECTORY_EDITOR))
    return user


def test_the_admin_says_which_forms_are_still_to_confirm(client, manual_data, editor):
    client.force_login(editor)
    RegionalOmbudsman.objects.filter(region__code="KZ-75").update(name_forms_confirmed=True)
    html = client.get("/en/admin/contacts/regionalombudsman/").content.decode()
    assert html.count("To confirm with the person") == 19
    assert "Confirmed" in html
    change = client.get(
        f"/en/admin/contacts/regionalombudsman/{RegionalOmbudsman.objects.get(region__code='KZ-71').pk}/change/"
    ).content.decode()
    for field in ("full_name", "full_name_ru", "full_name_en", "name_forms_confirmed"):
        assert f'name="{field}"' in change


def test_a_form_left_empty_in_the_admin_is_derived_again(client, manual_data, editor):
    client.force_login(editor)
    ombudsman = RegionalOmbudsman.objects.get(region__code="KZ-79")
    data = {
        "region": ombudsman.region.pk, "full_name": "Жаңа Уәкіл Есімі", "full_name_ru": "", "full_name_en": "",
        "email": "", "status": "active", "checked_on": "2024-01-01",
        "public_notice_kk": "", "public_notice_ru": "", "public_notice_en": "",
        "phone_numbers-TOTAL_FORMS": "0", "phone_numbers-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(f"/en/admin/contacts/regionalombudsman/{ombudsman.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ombudsman.refresh_from_db()
    assert (ombudsman.full_name_ru, ombudsman.full_name_en) == ("Жана Уакил Есими", "Uakil Zhana")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_an_existing_directory_full_names_and_name_forms():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("contacts", "0002_numbers_as_typed_unique_per_entry_history_per_language")],
        [("contacts", "0003_ombudsman_names_in_every_script_full_region_names")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldRegion, OldOmbudsman = old.get_model("contacts", "Region"), old.get_model("contacts", "RegionalOmbudsman")
    astana = OldRegion.objects.create(
        code="KZ-71", slug="astana", kind="city", position=1, name="Астана қ.",
        name_kk="Астана қ.", name_ru="город Астана", name_en="Astana city",
    )  # fmt: skip
    # A name staff already changed is theirs: the migration leaves it.
    OldRegion.objects.create(
        code="KZ-31", slug="jambyl", kind="oblast", position=10, name="Жамбыл облысы",
        name_kk="Жамбыл облысы", name_ru="Жамбылская область", name_en="Jambyl Oblast",
    )  # fmt: skip
    OldOmbudsman.objects.create(region=astana, full_name="Бимендина Әсима Темкенқызы", checked_on="2023-02-01")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Region_, Ombudsman_ = new.get_model("contacts", "Region"), new.get_model("contacts", "RegionalOmbudsman")
    assert Region_.objects.get(code="KZ-71").name_kk == "Астана қаласы"
    assert Region_.objects.get(code="KZ-71").name_en == "Astana City"
    assert Region_.objects.get(code="KZ-31").name_en == "Jambyl Oblast"
    ombudsman = Ombudsman_.objects.get()
    assert (ombudsman.full_name_ru, ombudsman.full_name_en) == REVIEWED[0][1:]
    assert ombudsman.name_forms_confirmed is False
    MigrationExecutor(connection).loader.build_graph()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_english_region_and_settlement_names_follow_one_romanisation():
    import json
    from pathlib import Path

    from django.conf import settings

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    english_words = {"Шығыс Қазақстан": "East Kazakhstan", "Батыс Қазақстан": "West Kazakhstan",
                     "Солтүстік Қазақстан": "North Kazakhstan"}  # fmt: skip
    for region in json.loads((fixtures / "contacts.json").read_text(encoding="utf-8"))["regions"]:
        kazakh = region["name"]["kk"].removesuffix(" облысы").removesuffix(" қаласы")
        suffix = " City" if region["kind"] == "city" else " Region"
        assert region["name"]["en"] == english_words.get(kazakh, names.latin_form(kazakh)) + suffix
    for settlement in json.loads((fixtures / "gazetteer.json").read_text(encoding="utf-8")):
        # A district of a city is "Есіл ауданы" → "Esil District": the English word, as for regions.
        kazakh, district = settlement["name_kk"].removesuffix(" ауданы"), settlement["name_kk"].endswith(" ауданы")
        assert settlement["name_en"] == names.latin_form(kazakh) + (" District" if district else ""), settlement
