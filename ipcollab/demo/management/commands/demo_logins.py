from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ipcollab.accounts.models import User
from ipcollab.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from ipcollab.demo.consultation import PEOPLE as CONSULTATION_PEOPLE
from ipcollab.demo.seed import TOKEN_FILE


class Command(BaseCommand):
    help = "Print the demo logins present in this database."

    def handle(self, *args, **options):
        present = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).select_related("agency")}
        if not present:
            self.stdout.write("no demo logins in this database (run: manage.py seed_demo)")
            return
        self.stdout.write(f"Demo logins 演示账户 (password 密码: {DEMO_PASSWORD})")
        for username, _ref, roles, full_name, _title, _division in DEMO_ACCOUNTS:
            user = present.get(username)
            if user:
                agency = user.agency.short_name or user.agency.name if user.agency else ""
                self.stdout.write(f"  {username:<16} {full_name:<6} {','.join(roles):<24} {agency}")
        people = User.objects.filter(username__in=list(CONSULTATION_PEOPLE)).select_related("agency").order_by("pk")
        if people:
            self.stdout.write("Consultation (会商协作) liaisons 联络人:")
            for user in people:
                roles = CONSULTATION_PEOPLE[user.username][1]
                self.stdout.write(f"  {user.username:<16} {user.full_name:<6} {','.join(roles):<24} {user.agency.short_name or user.agency.name}")
        self.stdout.write("Mediation, adjudication and other modules' logins: README.md 演示数据")
        token = Path(settings.BASE_DIR) / "var" / TOKEN_FILE
        if token.exists():
            self.stdout.write(f"API token of cnipa_system (scope *): {token.read_text(encoding='utf-8').strip()}")
