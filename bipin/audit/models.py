from django.conf import settings
from django.db import models


class Chain(models.Model):
    """The head of one hash chain: one per contest, plus "site" for the rest.

    Writers lock this row (SELECT … FOR UPDATE) so records of one chain are
    numbered and linked strictly one after another, even with several workers.
    """

    key = models.CharField(max_length=64, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_seq}"


class Record(models.Model):
    """One change that a score depends on: who, when, what and why."""

    chain = models.ForeignKey(Chain, on_delete=models.PROTECT, related_name="records")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    # {model label: {pk: digest, or null for a row the change deleted}}
    rows = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_unique_seq")]
        ordering = ["chain", "seq"]

    def __str__(self) -> str:
        return f"{self.chain.key}#{self.seq} {self.action} {self.target}"
