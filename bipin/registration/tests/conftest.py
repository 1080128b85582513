"""The cast's contest taking registrations: blind, its window open now, one sample per
producer per category (整体推进县 and 市直部门 are the categories), and helpers that
register as the public page does."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from bipin.registration import services

FORM = {"producer": "示例果业合作社", "contact": "示例联系人甲", "phone": "139-0000-0001",
        "variety": "示例红富士", "origin": "示例东村", "area": "12.5"}


@pytest.fixture
def window(cast):
    cast.contest.blind = True
    cast.contest.save(update_fields=["blind"])
    now = timezone.now()
    return services.set_window(cast.organizer, cast.contest, now - dt.timedelta(days=1),
                               now + dt.timedelta(days=1), 1)


def entry(cast, group="整体推进县", **changes) -> services.Entry:
    values = {**FORM, **changes}
    return services.Entry(producer=values["producer"], contact=values["contact"],
                          phone=values["phone"], group=cast.groups[group],
                          variety=values["variety"], origin=values["origin"],
                          area=Decimal(values["area"]))


def registered(cast, n: int = 1, group: str = "整体推进县"):
    """``n`` registrations by different producers, as the public page makes them."""
    return [services.register(cast.contest, entry(cast, group, producer=f"示例果农{i}",
                                                  phone=f"1390000{i:04d}"))
            for i in range(1, n + 1)]


def jpeg(name: str = "apple.jpg", size=(40, 30)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
