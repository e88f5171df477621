"""The database schema as ordered migrations; PRAGMA user_version says how many have been applied."""

from __future__ import annotations

#: Marks a database as ours (PRAGMA application_id), so a foreign SQLite file is never migrated.
APPLICATION_ID = 0x54524E52  # "TRNR"

#: Ordered migrations; the database's PRAGMA user_version is how many have been applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        mode        TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        banks       TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE attempts (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        question_id   TEXT NOT NULL,
        question_text TEXT NOT NULL,
        kind          TEXT NOT NULL,
        bank          TEXT NOT NULL DEFAULT '',
        answer        TEXT NOT NULL,
        transcript    TEXT,
        points        TEXT NOT NULL,
        verdicts      TEXT NOT NULL,
        method        TEXT NOT NULL,
        words         INTEGER NOT NULL,
        fillers       INTEGER NOT NULL,
        filler_words  TEXT NOT NULL DEFAULT '[]',
        duration_s    REAL,
        time_limit_s  REAL,
        spoken        INTEGER NOT NULL DEFAULT 0,
        weak          INTEGER NOT NULL,
        started_at    TEXT NOT NULL,
        ended_at      TEXT NOT NULL
    );
    CREATE INDEX attempts_by_session ON attempts(session_id);
    CREATE INDEX attempts_by_question ON attempts(question_id, ended_at);
    CREATE TABLE user_points (
        question_id TEXT PRIMARY KEY,
        points      TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    """,
    # 2: the user's three key messages, the things every interviewer should remember
    """
    CREATE TABLE key_messages (
        position    INTEGER PRIMARY KEY CHECK (position BETWEEN 1 AND 3),
        message     TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    """,
    # 3: each drilled question's fsrs card (core.scheduling rebuilds it from the attempts at any time)
    """
    CREATE TABLE cards (
        question_id   TEXT PRIMARY KEY,
        question_text TEXT NOT NULL,
        fsrs_card     TEXT NOT NULL,
        due           TEXT NOT NULL,
        lapses        INTEGER NOT NULL DEFAULT 0,
        leech         INTEGER NOT NULL DEFAULT 0,
        last_verdicts TEXT NOT NULL DEFAULT '[]',
        last_rating   TEXT NOT NULL,
        last_review   TEXT NOT NULL,
        reviews       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_by_due ON cards(due);
    """,
    # 4: what the user wrote after a session: the follow-up note as edited, and the reflection (NULL: skipped)
    """
    CREATE TABLE session_notes (
        session_id    INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        follow_up     TEXT,
        went_well     TEXT,
        went_wrong    TEXT,
        next_time     TEXT,
        reflected_at  TEXT,
        updated_at    TEXT NOT NULL
    );
    """,
    # 5: each answer's structure (STAR parts or an estimate's shape, hedges) and the follow-up question
    # asked after it with the reply, as JSON; NULL for answers saved before
    """
    ALTER TABLE attempts ADD COLUMN structure TEXT;
    ALTER TABLE attempts ADD COLUMN follow_up TEXT;
    """,
    # 6: the key messages in use when a session was held, so its report judges those (NULL: not recorded)
    """
    ALTER TABLE sessions ADD COLUMN key_messages TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
