from django.db import migrations


class Migration(migrations.Migration):
    """The sixteen separately encrypted columns go: their values are in witness_words and identity."""

    dependencies = [("referrals", "0011_witness_words_and_identity_filled")]

    operations = [
        migrations.RemoveField(model_name="referral", name="settlement_typed"),
        migrations.RemoveField(model_name="referral", name="place_description"),
        migrations.RemoveField(model_name="referral", name="suspect_hair"),
        migrations.RemoveField(model_name="referral", name="suspect_clothing"),
        migrations.RemoveField(model_name="referral", name="suspect_marks"),
        migrations.RemoveField(model_name="referral", name="suspect_direction"),
        migrations.RemoveField(model_name="referral", name="vehicle_make"),
        migrations.RemoveField(model_name="referral", name="vehicle_colour"),
        migrations.RemoveField(model_name="referral", name="vehicle_plate"),
        migrations.RemoveField(model_name="referral", name="child_appearance"),
        migrations.RemoveField(model_name="referral", name="account"),
        migrations.RemoveField(model_name="referral", name="other_witnesses"),
        migrations.RemoveField(model_name="referral", name="evidence_kept"),
        migrations.RemoveField(model_name="referral", name="witness_name"),
        migrations.RemoveField(model_name="referral", name="witness_phone"),
        migrations.RemoveField(model_name="referral", name="witness_email"),
    ]
