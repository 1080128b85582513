"""Issuing 获奖证书 and publishing the winners; each change writes its audit record
in its transaction.

Certificates are issued for the contest's current release, once per award:
issuing again adds what is new and changes nothing already printed. When a
corrected result is released and its certificates issued, the earlier
release's certificates are marked replaced: their codes still verify, and
say so. Refusals are the judging API's :class:`JudgingError`, as in the
other apps, so pages show them alike.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from bipin.audit.chain import record
from bipin.certificates.awards import Award, awarded
from bipin.certificates.codes import new_code
from bipin.certificates.models import Certificate, Publication
from bipin.contests.models import Contest
from bipin.judging.refs import naming
from bipin.judging.services import JudgingError, _refuse
from bipin.results.models import Release
from bipin.results.services import current_release

__all__ = ["JudgingError", "issue_certificates", "publish_winners"]


def issue_certificates(actor, contest: Contest) -> list[Certificate]:
    """The certificates of every award in the contest's current release (the new ones saved)."""
    with transaction.atomic():
        Contest.objects.select_for_update().only("pk").get(pk=contest.pk)  # one issuer at a time
        release, awards = _issuable_release(contest)
        have = {c.entrant_id for c in release.certificates.all()}
        made = [_certificate(actor, release, a) for a in awards if a.entrant_id not in have]
        if not made and have:
            return []
        replaced = list(Certificate.objects.filter(contest=contest, replaced_by=None)
                        .exclude(release=release))
        for old in replaced:
            old.replaced_by = release
            old.save(update_fields=["replaced_by"])
        record("certificates.issue", contest=contest, actor=actor, target=release.title,
               data={"release": release.pk, "snapshot": release.snapshot.number,
                     "issued": [c.code for c in made], "replaced": [c.code for c in replaced]},
               saved=[*made, *replaced])
    return made


@transaction.atomic
def publish_winners(actor, contest: Contest, judges_named: bool) -> Publication:
    """Publish the current release's winners and score sheets (or change whether judges are named)."""
    Contest.objects.select_for_update().only("pk").get(pk=contest.pk)
    release, _ = _issuable_release(contest)
    publication, created = Publication.objects.get_or_create(
        release=release, defaults={"judges_named": judges_named, "published_by": actor})
    if not created:
        if publication.judges_named == judges_named:
            return publication
        publication.judges_named = judges_named
        publication.save(update_fields=["judges_named"])
    record("certificates.publish", contest=contest, actor=actor, target=release.title,
           data={"release": release.pk, "judges_named": judges_named}, saved=[publication])
    return publication


def _issuable_release(contest: Contest) -> tuple[Release, list[Award]]:
    """The current release and its awards (read once: a large contest's report is slow)."""
    release = current_release(contest)
    if release is None:
        raise _refuse("release", "成绩尚未发布,不能颁发证书或公布获奖名单",
                      "the results are not released: there is nothing to certify or publish", 409)
    if naming(contest).hidden:
        raise _refuse("release", "盲评密钥尚未公开:证书会写明获奖者,请先公开盲评编号对应关系",
                      "the blind key is not released yet: a certificate names its holder, "
                      "so release the key first", 409)
    awards = awarded(release.snapshot)
    if not awards:
        raise _refuse("release", "这次发布的结果中没有奖项(方案未设奖项,或无人获奖)",
                      "the released result holds no awards (the scheme sets none, or none "
                      "was won)", 409)
    return release, awards


def _certificate(actor, release: Release, award: Award) -> Certificate:
    for attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    contest=release.contest, release=release, entrant_id=award.entrant_id,
                    award=award.award, group=award.group, holder=award.name,
                    sample=award.code if release.contest.blind else "",
                    total=award.total, code=new_code(), issued_by=actor)
        except IntegrityError:
            # Two equal codes (about one in 10^17): drawn again. Anything else is raised.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
