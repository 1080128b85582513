"""实地核查 benchmark: the organizer's list of 5,000 findings with photos.

A fresh SQLite database in a temporary folder gets the test cast, a scheme with
an inspection leaf, one round and team, and findings written in bulk (rows as
record_finding writes them; the audit chain is not what is measured). 40 small
JPEGs are stored once each through bipin.evidence and every finding shows one
of them, as a county's findings share few photos of the same meters. The
organizer's page (50 findings a page, thumbnails included) is fetched in
process through Django's test client: the first page, a deep page, and two
filters, each the median of 7 fetches, first with 500 findings, then with 5,000
in the same run; the ratio says how the page grows with the list.

    python -m bench inspections

The last line printed is one JSON object.
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time

SMALL, LARGE, PHOTOS, REPEAT = 500, 5000, 40, 7
QUERIES = {
    "first_page": "",
    "deep_page": "?page=9",
    "category_and_status": "?category=水表损坏&status=confirmed",
    "entrant_and_severity": "?entrant={entrant}&severity=严重",
}


def _jpeg(n: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (n * 6 % 256, 120, 200)).save(out, "JPEG", quality=80)
    return out.getvalue()


def setup():
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from bipin.contests.services import upload_scheme
    from bipin.evidence import services as evidence
    from bipin.inspections import services
    from bipin.inspections.tests.conftest import SCHEME
    from bipin.testing.cast import build_cast

    call_command("migrate", verbosity=0)
    cast = build_cast()
    upload_scheme(cast.organizer, cast.contest, SCHEME, "scheme.yaml")
    r = services.create_round(cast.organizer, cast.contest, name="基准轮次")
    team = services.add_team(cast.organizer, r, "基准组")
    services.add_member(cast.organizer, team, cast.inspector, is_leader=True)
    visits = [
        services.add_visit(cast.organizer, team, cast.entrants[n]) for n in ("南川县", "北原县")
    ]
    photos = [
        evidence.store(
            cast.inspector,
            cast.contest,
            SimpleUploadedFile(f"p{n}.jpg", _jpeg(n), content_type="image/jpeg"),
        )
        for n in range(PHOTOS)
    ]
    return cast, r, team, visits, photos


def add_findings(cast, r, team, visits, photos, start: int, stop: int) -> None:
    from django.utils import timezone

    from bipin.inspections.models import Finding

    categories, severities = ("管网老化", "水表损坏", "公示不到位"), ("一般", "较重", "严重")
    now = timezone.now()
    rows = [
        Finding(
            contest=cast.contest,
            round=r,
            team=team,
            entrant=visits[n % 2].entrant,
            item="实地核查",
            category=categories[n % 3],
            severity=severities[n // 3 % 3],
            site=f"基准村{n % 17}",
            description=f"基准问题 {n}",
            key=f"bench-{n:08d}",
            recorded_by=cast.inspector,
            status="confirmed" if n % 4 else "recorded",
            confirmed_by=cast.inspector if n % 4 else None,
            confirmed_at=now if n % 4 else None,
        )
        for n in range(start, stop)
    ]
    Finding.objects.bulk_create(rows, batch_size=500)
    through = Finding.photos.through
    stored = Finding.objects.filter(key__in=[f.key for f in rows]).values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(finding_id=pk, evidencefile_id=photos[pk % PHOTOS].pk) for pk in stored],
        batch_size=500,
    )


def measure(client, slug: str, entrant: int) -> dict[str, float]:
    out = {}
    for name, query in QUERIES.items():
        url = f"/c/{slug}/inspections/findings/{query.format(entrant=entrant)}"
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        out[name] = round(statistics.median(times), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    with tempfile.TemporaryDirectory() as var:
        os.environ.update(
            BIPIN_VAR_DIR=var,
            BIPIN_MODE="development",
            DJANGO_SETTINGS_MODULE="bipin.settings",
            BIPIN_LOG_LEVEL="ERROR",
        )
        cast, r, team, visits, photos = setup()
        from django.test import Client

        client = Client()
        client.force_login(cast.organizer)
        entrant = visits[0].entrant_id
        add_findings(cast, r, team, visits, photos, 0, SMALL)
        small = measure(client, cast.contest.slug, entrant)
        add_findings(cast, r, team, visits, photos, SMALL, LARGE)
        large = measure(client, cast.contest.slug, entrant)
    result = {
        "benchmark": "inspections",
        "python": platform.python_version(),
        "findings": [SMALL, LARGE],
        "photos": PHOTOS,
        "page_ms_500": small,
        "page_ms_5000": large,
        "ratio": {k: round(large[k] / small[k], 2) for k in QUERIES},
    }
    for k in QUERIES:
        print(f"{k:>22}: {small[k]:7.1f} ms with {SMALL}, {large[k]:7.1f} ms with {LARGE}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
