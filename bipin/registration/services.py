"""报名与收样: every change, checked once here, with its audit record in its transaction.

Refusals are the judging API's :class:`JudgingError` (each problem in Chinese
and English), as in the other apps, so pages show them alike. The entry rule
(at most N samples per producer per category) counts a producer by name and
phone together: the same 合作社 name with another phone is another producer's,
and a sample sent back (退样) frees its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from bipin.audit.chain import record
from bipin.certificates.codes import new_code
from bipin.contests.models import Contest, Group
from bipin.contests.params import too_long
from bipin.evidence import services as evidence
from bipin.evidence.documents import KINDS
from bipin.judging.services import JudgingError, Problem, _refuse
from bipin.registration.models import Channel, Registration, Status, Window

__all__ = ["Entry", "JudgingError", "check_entry", "receive", "register", "reject", "set_window"]

DEFAULT_PER_PRODUCER = 1
LARGEST_AREA = Decimal("100000")  # 亩: ten times the largest orchard a county has
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,18}[0-9]$")
MAX_PHOTOS = 3


@dataclass(frozen=True)
class Entry:
    """One sample as a producer declares it (the form's or an import row's fields)."""

    producer: str
    contact: str
    phone: str
    group: Group
    variety: str
    origin: str
    area: Decimal


def same_producer(name: str) -> str:
    """
    >>> same_producer(" 示例  果业 合作社 ")
    '示例果业合作社'
    """
    return "".join(name.split())


def phone_digits(phone: str) -> str:
    """
    >>> phone_digits("+86 139-0000-0000")
    '8613900000000'
    """
    return "".join(ch for ch in phone if ch.isdigit())


def per_producer(contest: Contest) -> int:
    window = Window.objects.filter(contest=contest).only("per_producer").first()
    return window.per_producer if window is not None else DEFAULT_PER_PRODUCER


@transaction.atomic
def set_window(actor, contest: Contest, opens_at, closes_at, per_producer: int) -> Window:
    if closes_at <= opens_at:
        raise _refuse("closes_at", "报名截止时间应晚于开始时间",
                      "the registration must close after it opens")
    if not 1 <= per_producer <= 100:
        raise _refuse("per_producer", "每个报送者每个组别的样品数应在 1–100 之间",
                      "samples per producer and category must be 1 to 100")
    window, _ = Window.objects.update_or_create(
        contest=contest, defaults={"opens_at": opens_at, "closes_at": closes_at,
                                   "per_producer": per_producer, "set_by": actor,
                                   "set_at": timezone.now()})
    record("registration.window", contest=contest, actor=actor, target=contest.slug,
           data={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat(),
                 "per_producer": per_producer}, saved=[window])
    return window


_LABELS = {"producer": ("报送者", "producer"), "contact": ("联系人", "contact"),
           "phone": ("联系电话", "phone"), "variety": ("品种", "variety"),
           "origin": ("产地", "origin")}


def check_entry(contest: Contest, entry: Entry, earlier: list[Entry] = ()) -> list[Problem]:
    """What is wrong with ``entry``; ``earlier`` are entries of the same file not yet saved."""
    found = []
    for field, (zh, en) in _LABELS.items():
        text = getattr(entry, field)
        if not text.strip():
            found.append(Problem(field, f"{zh}必填", f"{en} is required"))
        elif (limit := too_long(Registration, field, text)) is not None:
            found.append(Problem(field, f"{zh}不能超过 {limit} 字", f"{en}: at most {limit} characters"))
    if entry.phone.strip() and not _PHONE.match(entry.phone.strip()):
        found.append(Problem("phone", f"联系电话“{entry.phone}”不是电话号码(只写数字,可带 + 和短横线)",
                             f"'{entry.phone}' is not a phone number (digits, + and dashes only)"))
    if entry.group.contest_id != contest.pk:
        found.append(Problem("group", "组别不属于本活动", "the category is not this contest's"))
    if not 0 < entry.area <= LARGEST_AREA or entry.area != entry.area.quantize(Decimal("0.01")):
        found.append(Problem("area", f"果园面积应大于 0、不超过 {LARGEST_AREA} 亩,最多两位小数",
                             f"orchard size must be above 0 and at most {LARGEST_AREA} mu, "
                             "with at most two decimals"))
    if not found:
        found += _rule_broken(contest, entry, earlier)
    return found


def _rule_broken(contest: Contest, entry: Entry, earlier) -> list[Problem]:
    limit = per_producer(contest)
    who = (same_producer(entry.producer), phone_digits(entry.phone), entry.group.pk)
    held = sum(1 for r in Registration.objects.filter(contest=contest, group=entry.group)
               .exclude(status=Status.REJECTED).only("producer", "phone", "group_id")
               if (same_producer(r.producer), phone_digits(r.phone), r.group_id) == who)
    held += sum(1 for e in earlier
                if (same_producer(e.producer), phone_digits(e.phone), e.group.pk) == who)
    if held < limit:
        return []
    return [Problem("group", f"“{entry.producer}”在“{entry.group.name}”组已报 {held} 个样品,"
                             f"每个报送者每组最多 {limit} 个",
                    f"'{entry.producer}' has registered {held} sample(s) in '{entry.group.name}'; "
                    f"at most {limit} per producer and category")]


def register(contest: Contest, entry: Entry, photos=(), now=None) -> Registration:
    """A producer's own registration from the public page; refused outside the window."""
    window = Window.objects.filter(contest=contest).first()
    now = now or timezone.now()
    if window is None or not window.is_open(now):
        raise _refuse("window", "现在不在报名时间内,不能报名", "registration is not open now", 409)
    if len(photos) > MAX_PHOTOS:
        raise _refuse("photos", f"最多上传 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS} photos")
    for upload in photos:  # a document is refused before anything is read or written
        _photo_only(upload.name or "")
    with transaction.atomic():
        Contest.objects.select_for_update().only("pk").get(pk=contest.pk)  # one number at a time
        problems = check_entry(contest, entry)
        if problems:
            raise JudgingError(problems)
        reg = _new(contest, entry, Channel.ONLINE)
        try:
            # Re-encoded without their metadata (a phone's photo carries where it was taken).
            kept = evidence.store_many(None, contest, photos)
        except evidence.EvidenceRefused as exc:
            raise _refuse("photos", exc.zh, exc.en) from None
        reg.photos.set(kept)
        record("registration.register", contest=contest, target=f"registration:{reg.pk}",
               data={"number": reg.number, "group": entry.group.name, "photos": len(kept)},
               saved=[reg])
    return reg


def _photo_only(name: str) -> None:
    name = evidence.clean_name(name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS or not KINDS[ext].photo_format:
        raise _refuse("photos", f"“{name}”不是照片(可上传 JPG、PNG、WebP)",
                      f"'{name}' is not a photo (JPG, PNG or WebP)")


def new_registrations(actor, contest: Contest, entries: list[Entry]) -> list[Registration]:
    """Registrations the organizer imports (checked by the caller); in its transaction."""
    return [_new(contest, e, Channel.IMPORT) for e in entries]


def _new(contest: Contest, entry: Entry, channel: str) -> Registration:
    number = (Registration.objects.filter(contest=contest).aggregate(m=Max("number"))["m"] or 0) + 1
    for attempt in range(3):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    contest=contest, number=number, receipt=new_code(), channel=channel,
                    producer=entry.producer.strip(), contact=entry.contact.strip(),
                    phone=entry.phone.strip(), group=entry.group, variety=entry.variety.strip(),
                    origin=entry.origin.strip(), area=entry.area)
        except IntegrityError:
            # Two equal receipt codes (about one in 10^17): drawn again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _unchanged_once_coded(reg: Registration) -> None:
    if reg.entrant_id is not None:
        raise _refuse("status", f"报名 {reg.label} 已有盲评编号,收样状态不能再改",
                      f"registration {reg.label} has its blind code; its status can no longer change",
                      409)


@transaction.atomic
def receive(actor, reg: Registration) -> Registration:
    _unchanged_once_coded(reg)
    return _check_in(actor, reg, Status.RECEIVED, "", "registration.receive")


@transaction.atomic
def reject(actor, reg: Registration, reason: str) -> Registration:
    _unchanged_once_coded(reg)
    reason = reason.strip()
    if not reason:
        raise _refuse("reason", "退样必须写明原因", "a rejected sample needs its reason")
    if (limit := too_long(Registration, "reason", reason)) is not None:
        raise _refuse("reason", f"退样原因不能超过 {limit} 字", f"reason: at most {limit} characters")
    return _check_in(actor, reg, Status.REJECTED, reason, "registration.reject")


def _check_in(actor, reg: Registration, status: str, reason: str, action: str) -> Registration:
    before = reg.status
    reg.status, reg.reason = status, reason
    reg.checked_by, reg.checked_at = actor, timezone.now()
    reg.save(update_fields=["status", "reason", "checked_by", "checked_at"])
    record(action, contest=reg.contest, actor=actor, target=f"registration:{reg.pk}",
           data={"number": reg.number, "before": before} | ({"reason": reason} if reason else {}),
           saved=[reg])
    return reg
