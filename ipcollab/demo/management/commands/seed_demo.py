from django.core.management.base import BaseCommand, CommandError

from ipcollab.demo import seed as demo_seed
from ipcollab.demo.seed import SIZES, SeedError


class Command(BaseCommand):
    help = "Load realistic demo data (named logins for every role, staff and liaisons) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--rights-scale", type=float, default=1.0, help="multiplier of the number of demo rights (0 for none)")

    def handle(self, *args, size, seed, rights_scale, **options):
        if not 0 <= rights_scale <= 100:
            raise CommandError("--rights-scale: 0–100")
        try:
            demo_seed.seed(size=size, seed=seed, out=self.stdout.write, rights_scale=rights_scale)
        except SeedError as exc:
            raise CommandError(str(exc)) from None
