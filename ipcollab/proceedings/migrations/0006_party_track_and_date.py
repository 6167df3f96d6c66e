"""The proceeding's track and filing date copied onto its party rows, and the index by party
ordered by them: linking's suggestions read a party's proceedings of the other track within six
years from the index alone (ProceedingParty.track / filed_on)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0005_procedure"),
        ("registry", "0006_right_claim_count"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="proceedingparty",
            name="proceedingparty_by_party",
        ),
        migrations.AddField(
            model_name="proceedingparty",
            name="filed_on",
            field=models.DateField(blank=True, null=True, verbose_name="立案/受理日期"),
        ),
        migrations.AddField(
            model_name="proceedingparty",
            name="track",
            field=models.CharField(choices=[("court", "法院案件"), ("office", "国家知识产权局程序")], default="", max_length=8, verbose_name="类别"),
        ),
        migrations.RunSQL(
            "UPDATE proceedings_proceedingparty SET "
            "track = (SELECT p.track FROM proceedings_proceeding p WHERE p.id = proceedings_proceedingparty.proceeding_id), "
            "filed_on = (SELECT p.filed_on FROM proceedings_proceeding p WHERE p.id = proceedings_proceedingparty.proceeding_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="proceedingparty",
            index=models.Index(fields=["party", "track", "filed_on", "proceeding"], name="proceedingparty_by_party"),
        ),
    ]
