import portal.crypto
from django.db import migrations, models


class Migration(migrations.Migration):
    """The two encrypted values beside the sixteen old columns, filled by 0008, which 0009 drops."""

    dependencies = [("referrals", "0009_gazetteer_from_the_classifier")]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="witness_words",
            field=portal.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name="in the witness's own words"),
        ),
        migrations.AddField(
            model_name="referral",
            name="identity",
            field=portal.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name="the witness's identity"),
        ),
        migrations.AddField(
            model_name="referral",
            name="occurred_month_known",
            field=models.BooleanField(default=True, verbose_name="month known"),
        ),
    ]
