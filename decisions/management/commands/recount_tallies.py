from django.core.management.base import BaseCommand
from django.db import transaction

from decisions.models import CouncilYearTally
from decisions.services.tallies import tallies_refresh
from ombudsman.dataversion import data_changed


class Command(BaseCommand):
    help = (
        "Recount every council's per-year tallies from the decisions and recommendations. The "
        "site keeps them in step itself; this is for after a change made outside Django (SQL)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            tallies_refresh()
            data_changed()
        self.stdout.write(f"Recounted: {CouncilYearTally.objects.count()} council-years.")
