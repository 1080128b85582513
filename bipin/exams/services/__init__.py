"""Domain functions of the policy test; every write goes through here.

Server time decides everything: a candidate's deadline is fixed when they
start (start + duration, never past the sitting's close) and only a small
declared network grace lets an answer sent just before time-up arrive.
"""

from bipin.exams.services.bank import (
    assemble_paper,
    create_fixed_paper,
    exam_leaf_ids,
    export_bank,
    import_bank,
)
from bipin.exams.services.errors import ExamError, time_up
from bipin.exams.services.marking import marking_progress, marking_queue, record_mark
from bipin.exams.services.setup import (
    delete_paper,
    delete_question,
    delete_sitting,
    update_paper,
    update_question,
    update_sitting,
)
from bipin.exams.services.sittings import (
    MAX_TEXT,
    NETWORK_GRACE,
    add_candidate,
    add_candidate_by_username,
    create_sitting,
    expire_overdue,
    finish,
    import_candidates,
    items_for,
    save_answer,
    start,
)

__all__ = [
    "MAX_TEXT",
    "NETWORK_GRACE",
    "ExamError",
    "add_candidate",
    "add_candidate_by_username",
    "assemble_paper",
    "create_fixed_paper",
    "create_sitting",
    "delete_paper",
    "delete_question",
    "delete_sitting",
    "exam_leaf_ids",
    "expire_overdue",
    "export_bank",
    "finish",
    "import_bank",
    "import_candidates",
    "items_for",
    "marking_progress",
    "marking_queue",
    "record_mark",
    "save_answer",
    "start",
    "time_up",
    "update_paper",
    "update_question",
    "update_sitting",
]
