"""The office's lists of regions are in the page language's alphabet, as every region list is."""

import pytest
from django.utils import translation

from contacts.models import Region
from referrals.office.forms import MoveForm, WorklistFilterForm


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_filter_and_move_lists_follow_the_languages_alphabet(real_directory, language):
    with translation.override(language):
        expected = [region.code for region in Region.objects.in_language_order()]
        filtered = WorklistFilterForm(regions=Region.objects.all()).fields["region"].choices
        moved = MoveForm(current_region=Region.objects.get(code="KZ-71")).fields["region"].choices
        assert [str(value) for value, _label in filtered][1:] == expected
        assert [str(value) for value, _label in moved][1:] == [code for code in expected if code != "KZ-71"]
        assert filtered[0][0] == ""  # "All regions" first


def test_kazakh_puts_akmola_right_after_abai(real_directory):
    with translation.override("kk"):
        labels = [
            str(label) for _value, label in WorklistFilterForm(regions=Region.objects.all()).fields["region"].choices
        ]
    assert labels[1].startswith("Абай") and labels[2].startswith("Ақмола")
