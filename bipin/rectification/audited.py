"""The rectification tables the audit log answers for (bipin.audit.tracked).

A Recheck's outcome charges a finding's deduction again, so it is a score's
input. Tasks, their history and extensions decide no points, but they are
what a county is held to, so they are tracked too: a deadline moved or a state
changed in the database behind Bipin's back is named by ``bipin audit verify``.
"""

from bipin.rectification.models import Extension, Recheck, Task, Term, Transition

TRACKED = {
    Term: "round__contest",
    Task: "contest",
    Transition: "task__contest",
    Extension: "task__contest",
    Recheck: "round__contest",
}
