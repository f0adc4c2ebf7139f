"""Chain the events written before the hash chain existed, oldest first."""

from django.db import migrations

from audit.chain import GENESIS, hash_of


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous_hash = GENESIS
    for sequence, event in enumerate(AuditEvent.objects.order_by("occurred_at", "id").iterator(chunk_size=2000), 1):
        event.sequence = sequence
        event.chain_hash = hash_of(event, previous_hash)
        event.save(update_fields=["sequence", "chain_hash"])
        previous_hash = event.chain_hash


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
