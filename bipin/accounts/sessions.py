"""Django's database sessions, read by one fixed statement.

Every request of a logged-in judge loads its session first; the ORM's query
for it costs more Python than everything SQLite does for the request
(bench/README.md, "The day in the hall"). Rows, expiry and writes are Django's own.
"""

from django.contrib.sessions.backends import db
from django.utils import timezone

from bipin.db import rows


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = rows.load(self.model, {"session_key": self.session_key}) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
