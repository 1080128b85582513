"""What the ledger does when bipin.inspections confirms or withdraws a finding.

Called by bipin.inspections.services inside the finding's own transaction, so
a finding is never upheld without its task, nor withdrawn with its task open.
"""

from bipin.rectification import services


def on_confirmed(actor, finding) -> None:
    services.open_task(actor, finding)


def on_withdrawn(actor, finding) -> None:
    services.cancel_task(actor, finding)
