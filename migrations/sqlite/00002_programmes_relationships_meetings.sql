-- +goose Up
CREATE TABLE programmes (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    name                 TEXT     NOT NULL,
    kind                 TEXT     NOT NULL CHECK (kind IN ('mentoring', 'coaching')),
    description          TEXT     NOT NULL DEFAULT '',
    starts_on            TEXT,
    ends_on              TEXT,
    checkin_cadence_days INTEGER,
    archived_at          DATETIME,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);

CREATE TABLE pairings (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id              INTEGER  NOT NULL REFERENCES programmes (id),
    mentor_id                 INTEGER  NOT NULL REFERENCES people (id),
    mentee_id                 INTEGER  NOT NULL REFERENCES people (id),
    started_on                TEXT     NOT NULL,
    status                    TEXT     NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    checkin_cadence_days      INTEGER  NOT NULL,
    focus                     TEXT     NOT NULL DEFAULT '',
    seniority_override_reason TEXT     NOT NULL DEFAULT '',
    ended_on                  TEXT,
    end_reason                TEXT     NOT NULL DEFAULT '',
    last_checkin_at           DATETIME,
    created_at                DATETIME NOT NULL,
    updated_at                DATETIME NOT NULL,
    CHECK (mentor_id <> mentee_id)
);
-- At most one open pairing of the same two people, whichever way round.
CREATE UNIQUE INDEX pairings_one_open ON pairings (min(mentor_id, mentee_id), max(mentor_id, mentee_id))
    WHERE status IN ('active', 'paused');
CREATE INDEX pairings_programme ON pairings (programme_id, status);
CREATE INDEX pairings_mentor ON pairings (mentor_id, status);
CREATE INDEX pairings_mentee ON pairings (mentee_id, status);

CREATE TABLE engagements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id     INTEGER  NOT NULL REFERENCES programmes (id),
    coach_id         INTEGER  NOT NULL REFERENCES people (id),
    coachee_id       INTEGER  NOT NULL REFERENCES people (id),
    goal_title       TEXT     NOT NULL,
    goal_description TEXT     NOT NULL DEFAULT '',
    goal_area        TEXT     NOT NULL CHECK (goal_area IN ('work', 'personal')),
    success_measure  TEXT     NOT NULL DEFAULT '',
    starts_on        TEXT     NOT NULL,
    ends_on          TEXT     NOT NULL,
    planned_sessions INTEGER  NOT NULL CHECK (planned_sessions BETWEEN 1 AND 100),
    progress_percent INTEGER  NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    status           TEXT     NOT NULL CHECK (status IN ('active', 'completed', 'cancelled')),
    outcome          TEXT     NOT NULL DEFAULT '',
    outcome_summary  TEXT     NOT NULL DEFAULT '',
    cancel_reason    TEXT     NOT NULL DEFAULT '',
    closed_at        DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    CHECK (coach_id <> coachee_id),
    CHECK (ends_on > starts_on)
);
CREATE INDEX engagements_programme ON engagements (programme_id, status);
CREATE INDEX engagements_coach ON engagements (coach_id, status);
CREATE INDEX engagements_coachee ON engagements (coachee_id, status);
CREATE INDEX engagements_status_ends ON engagements (status, ends_on);

CREATE TABLE engagement_progress (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    engagement_id INTEGER  NOT NULL REFERENCES engagements (id),
    percent       INTEGER  NOT NULL CHECK (percent BETWEEN 0 AND 100),
    comment       TEXT     NOT NULL DEFAULT '',
    author_id     INTEGER  REFERENCES people (id),
    at            DATETIME NOT NULL
);
CREATE INDEX engagement_progress_engagement ON engagement_progress (engagement_id, at);

-- Check-ins and sessions share one table, so the agenda, the calendar feed,
-- reminders and the overlap check are each one indexed query.
CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT     NOT NULL CHECK (kind IN ('checkin', 'session')),
    pairing_id       INTEGER  REFERENCES pairings (id),
    engagement_id    INTEGER  REFERENCES engagements (id),
    leader_id        INTEGER  NOT NULL REFERENCES people (id), -- the mentor or the coach
    learner_id       INTEGER  NOT NULL REFERENCES people (id), -- the mentee or the coachee
    format           TEXT     NOT NULL CHECK (format IN ('formal', 'informal')),
    scheduled_at     DATETIME NOT NULL,
    ends_at          DATETIME NOT NULL,
    duration_minutes INTEGER  NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    location         TEXT     NOT NULL DEFAULT '',
    agenda           TEXT     NOT NULL DEFAULT '',
    status           TEXT     NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
    notes            TEXT     NOT NULL DEFAULT '',
    sequence         INTEGER  NOT NULL DEFAULT 0,
    created_by       INTEGER  REFERENCES people (id),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    CHECK ((kind = 'checkin' AND pairing_id IS NOT NULL AND engagement_id IS NULL)
        OR (kind = 'session' AND engagement_id IS NOT NULL AND pairing_id IS NULL))
);
CREATE INDEX meetings_leader_time ON meetings (leader_id, scheduled_at);
CREATE INDEX meetings_learner_time ON meetings (learner_id, scheduled_at);
CREATE INDEX meetings_pairing_time ON meetings (pairing_id, scheduled_at);
CREATE INDEX meetings_engagement_time ON meetings (engagement_id, scheduled_at);
CREATE INDEX meetings_status_time ON meetings (status, scheduled_at);

-- Private notes belong to their author alone: one row per (meeting, author).
CREATE TABLE meeting_private_notes (
    meeting_id INTEGER  NOT NULL REFERENCES meetings (id),
    author_id  INTEGER  NOT NULL REFERENCES people (id),
    body       TEXT     NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (meeting_id, author_id)
);

-- +goose Down
DROP TABLE meeting_private_notes;
DROP TABLE meetings;
DROP TABLE engagement_progress;
DROP TABLE engagements;
DROP TABLE pairings;
DROP TABLE programmes;
