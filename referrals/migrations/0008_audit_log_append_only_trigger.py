"""The audit log is append-only in the database too, not only through the ORM.

On PostgreSQL a trigger refuses every DELETE and every UPDATE of an audit row, except the
one change retention makes (AuditEntry.objects.anonymise_details): emptying `detail`,
nothing else, inside a transaction that has set `portal.audit_anonymise` to 'on'.
SQLite (the embedded development database) has no such trigger; the ORM's guards remain.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION referrals_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('portal.audit_anonymise', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.created_at = OLD.created_at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.action = OLD.action
       AND NEW.reference = OLD.reference
       AND NEW.region_id IS NOT DISTINCT FROM OLD.region_id
       AND NEW.detail = '{}'::jsonb THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER referrals_auditentry_append_only
    BEFORE UPDATE OR DELETE ON referrals_auditentry
    FOR EACH ROW EXECUTE FUNCTION referrals_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS referrals_auditentry_append_only ON referrals_auditentry;
DROP FUNCTION IF EXISTS referrals_auditentry_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_office_addresses_and_notification_preferences"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
