"""Writers on one SQLite file queue on the OS lock and wake when it is free."""

import threading
import time

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

from bipin.db.sqlite import base

pytestmark = pytest.mark.skipif(base.fcntl is None, reason="flock is POSIX only")


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """Connections of their own, on a SQLite file outside the test database."""
    with django_db_blocker.unblock():
        yield handler_for(tmp_path / "day.sqlite3")


def handler_for(path):
    return ConnectionHandler({"default": {**settings.DATABASES["default"], "ENGINE": "bipin.db.sqlite",
                                          "NAME": str(path), "CONN_MAX_AGE": 0,
                                          "TEST": {}, "OPTIONS": {"transaction_mode": "IMMEDIATE",
                                                                  "timeout": 20}}})


def begin(conn):
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_second_writer_waits_for_the_first_to_commit(file_database):
    handler = file_database
    first = handler["default"]
    with first.cursor() as c:
        c.execute("CREATE TABLE sheet (n INTEGER)")
    begin(first)
    with first.cursor() as c:
        c.execute("INSERT INTO sheet VALUES (1)")
    seen = []

    def second_writer():
        conn = handler["default"]  # thread-local: a connection of its own
        begin(conn)
        with conn.cursor() as c:
            c.execute("SELECT count(*) FROM sheet")
            seen.append(c.fetchone()[0])
            c.execute("INSERT INTO sheet VALUES (2)")
        conn.commit()
        conn.set_autocommit(True)
        conn.close()

    t = threading.Thread(target=second_writer)
    t.start()
    time.sleep(0.2)
    assert seen == []  # still waiting at BEGIN
    first.commit()
    t.join(5)
    assert seen == [1]  # it began only after the first writer's row was committed
    first.set_autocommit(True)
    with first.cursor() as c:
        c.execute("SELECT n FROM sheet ORDER BY n")
        assert c.fetchall() == [(1,), (2,)]
    first.close()


def test_a_rollback_or_closed_connection_frees_the_lock(file_database, tmp_path):
    conn = file_database["default"]
    begin(conn)
    assert conn.writer_lock().held
    conn.rollback()
    assert not conn.writer_lock().held
    begin(conn)
    conn.close()
    other = base.WriterLock(str(tmp_path / "day.sqlite3.writelock"))
    other.acquire()  # would block for ever if the closed connection still held it
    other.close()


def test_an_in_memory_database_takes_no_lock():
    handler = ConnectionHandler({"default": {"ENGINE": "bipin.db.sqlite", "NAME": ":memory:"}})
    assert handler["default"].writer_lock() is None
