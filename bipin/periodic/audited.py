"""The periodic app's tables the audit log answers for (bipin.audit.tracked).

All of them: the hierarchy decides which county a unit's figures count for;
the people decide who approved; the form's fields, periods and mappings
decide what a figure is and which leaf it feeds; reports, their review
history, values and corrections are the figures themselves.
"""

from bipin.periodic.models import (
    Correction,
    Field,
    Form,
    Period,
    Report,
    ReportEvent,
    Unit,
    UnitPerson,
    Value,
)

TRACKED = {
    Unit: "contest",
    UnitPerson: "unit__contest",
    Form: "contest",
    Field: "form__contest",
    Period: "form__contest",
    Report: "unit__contest",
    ReportEvent: "report__unit__contest",
    Value: "report__unit__contest",
    Correction: "value__report__unit__contest",
}
