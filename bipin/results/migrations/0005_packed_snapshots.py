"""Snapshots keep their evaluation and inputs compressed (bipin.db.packed).

Each existing snapshot is packed one at a time (a campaign's is hundreds of
megabytes); its audit digest does not change, as digests take the decoded JSON.
Going back to 0004 unpacks them again.
"""

from django.db import migrations, models

import bipin.db.packed

FIELDS = ("evaluation", "inputs")


def _copy(apps, suffix_from: str, suffix_to: str) -> None:
    Snapshot = apps.get_model("results", "Snapshot")
    for pk in Snapshot.objects.order_by("pk").values_list("pk", flat=True):
        snapshot = Snapshot.objects.get(pk=pk)
        for name in FIELDS:
            setattr(snapshot, name + suffix_to, getattr(snapshot, name + suffix_from))
        snapshot.save(update_fields=[name + suffix_to for name in FIELDS])


def pack(apps, schema_editor):
    _copy(apps, "", "_packed")


def unpack(apps, schema_editor):
    _copy(apps, "_packed", "")


def _both(operation, **kwargs):
    return [operation(model_name="snapshot", name=name, **kwargs) for name in FIELDS]


class Migration(migrations.Migration):

    dependencies = [
        ('results', '0004_pending_batches'),
    ]

    # The JSON columns are made nullable first so that, going back, they can be
    # added again beside the packed ones and filled before they are required.
    operations = [
        *_both(migrations.AlterField, field=models.JSONField(null=True)),
        *[migrations.AddField(model_name="snapshot", name=f"{name}_packed",
                              field=bipin.db.packed.PackedJSONField(null=True)) for name in FIELDS],
        migrations.RunPython(pack, unpack),
        *_both(migrations.RemoveField),
        *[migrations.RenameField(model_name="snapshot", old_name=f"{name}_packed", new_name=name)
          for name in FIELDS],
        *_both(migrations.AlterField, field=bipin.db.packed.PackedJSONField()),
    ]
