"""Each referral's sixteen encrypted columns carried into its two encrypted values, and back.

Forward, the old columns are read (decrypted by their field) and written as one JSON value
for the witness's words and one for their identity; backward, the reverse. Rows are
updated a batch at a time with only the columns concerned.
"""

from django.db import migrations

WITNESS_WORDS = (
    "settlement_typed",
    "place_description",
    "suspect_hair",
    "suspect_clothing",
    "suspect_marks",
    "suspect_direction",
    "vehicle_make",
    "vehicle_colour",
    "vehicle_plate",
    "child_appearance",
    "account",
    "other_witnesses",
    "evidence_kept",
)
IDENTITY = ("witness_name", "witness_phone", "witness_email")
BATCH = 500


def _batches(queryset, fields):
    batch = []
    for row in queryset.only("pk", *fields).iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def forward(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    old = WITNESS_WORDS + IDENTITY
    for batch in _batches(Referral.objects.using(schema_editor.connection.alias), old):
        for referral in batch:
            referral.witness_words = {k: getattr(referral, k) for k in WITNESS_WORDS if getattr(referral, k)}
            referral.identity = {k: getattr(referral, k) for k in IDENTITY if getattr(referral, k)}
        Referral.objects.using(schema_editor.connection.alias).bulk_update(batch, ["witness_words", "identity"])


def backward(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    old = WITNESS_WORDS + IDENTITY
    for batch in _batches(Referral.objects.using(schema_editor.connection.alias), ("witness_words", "identity")):
        for referral in batch:
            for key in WITNESS_WORDS:
                setattr(referral, key, (referral.witness_words or {}).get(key, ""))
            for key in IDENTITY:
                setattr(referral, key, (referral.identity or {}).get(key, ""))
        Referral.objects.using(schema_editor.connection.alias).bulk_update(batch, list(old))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0010_witness_words_and_identity_columns")]

    operations = [migrations.RunPython(forward, backward)]
