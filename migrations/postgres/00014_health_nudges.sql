-- +goose Up
-- Health (issue 16): each programme's nudge settings (a programme without a
-- row nudges, with the default grace), the nudges sent to pairs (one
-- automatic nudge per lapse, held by a unique index so two instances cannot
-- both send it), and what HR did with a flag (nudge, snooze until a date,
-- resolve with a note), recorded with who and when.
CREATE TABLE programme_nudge_settings (
    programme_id   BIGINT      PRIMARY KEY REFERENCES programmes (id),
    nudges_enabled BOOLEAN     NOT NULL DEFAULT TRUE,
    grace_days     INTEGER     NOT NULL DEFAULT 7 CHECK (grace_days BETWEEN 1 AND 90),
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE nudges (
    id           BIGSERIAL   PRIMARY KEY,
    subject_type TEXT        NOT NULL CHECK (subject_type IN ('pairing', 'engagement')),
    subject_id   BIGINT      NOT NULL,
    programme_id BIGINT      NOT NULL REFERENCES programmes (id),
    kind         TEXT        NOT NULL CHECK (kind IN ('automatic', 'hr')),
    lapse_since  TIMESTAMPTZ,
    sent_by      BIGINT      REFERENCES people (id),
    flag_id      BIGINT      REFERENCES flags (id),
    message      TEXT        NOT NULL DEFAULT '',
    sent_at      TIMESTAMPTZ NOT NULL,
    CHECK (kind <> 'automatic' OR lapse_since IS NOT NULL)
);
CREATE UNIQUE INDEX nudges_one_per_lapse ON nudges (subject_type, subject_id, lapse_since) WHERE kind = 'automatic';
CREATE INDEX nudges_subject ON nudges (subject_type, subject_id, sent_at);

ALTER TABLE flags ADD COLUMN snoozed_until DATE;
ALTER TABLE flags ADD COLUMN resolved_at TIMESTAMPTZ;

CREATE TABLE flag_actions (
    id       BIGSERIAL   PRIMARY KEY,
    flag_id  BIGINT      NOT NULL REFERENCES flags (id),
    action   TEXT        NOT NULL CHECK (action IN ('nudge', 'snooze', 'resolve')),
    actor_id BIGINT      NOT NULL REFERENCES people (id),
    note     TEXT        NOT NULL DEFAULT '',
    until    DATE,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX flag_actions_flag ON flag_actions (flag_id, at);

-- Nudges go out through the outbox as their own kind.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge'));

-- +goose Down
-- The outbox keeps the wider check: nudges already queued stay readable.
DROP TABLE flag_actions;
ALTER TABLE flags DROP COLUMN resolved_at;
ALTER TABLE flags DROP COLUMN snoozed_until;
DROP TABLE nudges;
DROP TABLE programme_nudge_settings;
