"""The certificate table the audit log answers for (bipin.audit.tracked).

A certificate changes no score, but it is printed and handed out: an award,
a holder or a code changed behind Bipin's back, or a replaced certificate
made valid again, is named by ``bipin audit verify``; so is a publication of
the winners whose judges were named without the organizer's word.
"""

from django.utils.translation import pgettext_lazy

from bipin.certificates.models import Certificate, Publication

TRACKED = {Certificate: "contest", Publication: "release__contest"}

AUDIT_ACTIONS = {
    "certificates.issue": pgettext_lazy("audit", "颁发获奖证书"),
    "certificates.publish": pgettext_lazy("audit", "公布获奖名单"),
}
