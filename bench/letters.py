"""`make bench-letters`: how long a publisher waits to draft and send every council's annual
letter for one year (2023-24: 317 councils), in a SQLite database of its own holding the real
councils and one year of sample decisions.

Sending goes through Django's SMTP backend to a real SMTP server in this process (aiosmtpd, as
in the tests), so each letter's PDF is made, attached, sent and recorded. The baseline, from the
same run, is the same number of plain messages without a PDF through the same server: the
ratio says what the letters themselves (the PDF, the records) add to mailing them.

Writes bench/letters-results.json.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = "2023-24"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'letters.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombudsman.settings.local")
    os.environ["SITE_URL"] = "https://councils.example.org"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection
    from django.core.management import call_command

    from decisions.letter_models import AnnualLetter, LetterBatch, LetterRecipients
    from decisions.services.letter_sending import letter_batch_run, letters_send_submit
    from decisions.services.letters import letters_generate
    from decisions.statistics import year_table
    from ombudsman.years import ReportingYear

    year = ReportingYear.parse(YEAR)
    print(f"Building a database in {folder} (councils, sample decisions for {YEAR}) ...")
    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "councils.json"), verbosity=0)
    call_command("generate_sample_data", "--years", YEAR, verbosity=0)
    councils = [row["gss_code"] for row in year_table(year)["councils"]]
    from councils.models import Council

    LetterRecipients.objects.bulk_create(
        LetterRecipients(
            council=council,
            year=year.start_year,
            chief_executive_name=f"Chief Executive of {council.short_name}",
            chief_executive_email=f"chief@{council.slug}.example.org",
            link_officer_name="Link Officer",
            link_officer_email=f"link@{council.slug}.example.org",
            leader_name="Leader",
            leader_email=f"leader@{council.slug}.example.org",
            scrutiny_chair_name="Scrutiny Chair",
            scrutiny_chair_email=f"scrutiny@{council.slug}.example.org",
        )
        for council in Council.objects.filter(gss_code__in=councils)
    )

    class Handler:
        messages = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            Handler.messages += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        started = time.perf_counter()
        summary = letters_generate(year=year)
        drafted = time.perf_counter() - started

        started = time.perf_counter()
        batch = letters_send_submit(
            letters=AnnualLetter.objects.filter(year=year.start_year),
            user=None,
            site_url=settings.SITE_URL,
        )
        letter_batch_run(batch.pk)  # what the task worker's task calls
        sent = time.perf_counter() - started
        batch = LetterBatch.objects.get(pk=batch.pk)
        letters_sent = batch.sent

        count = len(councils)
        started = time.perf_counter()
        with get_connection() as connection:
            for n in range(count):
                EmailMessage(
                    "Plain",
                    "A message without a PDF.",
                    to=[f"plain{n}@example.org"],
                    cc=["a@example.org", "b@example.org", "c@example.org"],
                    connection=connection,
                ).send()
        baseline = time.perf_counter() - started
    finally:
        controller.stop()

    results = {
        "year": YEAR,
        "councils": count,
        "letters_drafted": summary.created,
        "draft_seconds": round(drafted, 2),
        "letters_sent": letters_sent,
        "messages_received": Handler.messages - count,
        "send_seconds": round(sent, 2),
        "plain_messages_seconds": round(baseline, 2),
        "send_ratio_to_plain": round(sent / baseline, 1) if baseline else None,
        "draft_and_send_seconds": round(drafted + sent, 2),
    }
    for key, value in results.items():
        print(f"{key:24} {value}")
    (ROOT / "bench" / "letters-results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
