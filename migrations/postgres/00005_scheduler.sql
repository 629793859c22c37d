-- +goose Up
-- Every email goes through the outbox: rendered once, delivered by the
-- outbox sweep with a lease, retried with backoff, dead-lettered when the
-- server refuses it for good.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset')),
    recipient_id    BIGINT   REFERENCES people (id),
    to_address      TEXT     NOT NULL,
    to_name         TEXT     NOT NULL DEFAULT '',
    subject         TEXT     NOT NULL,
    body_text       TEXT     NOT NULL,
    ics             TEXT     NOT NULL DEFAULT '',
    ics_method      TEXT     NOT NULL DEFAULT '',
    message_id      TEXT     NOT NULL UNIQUE,
    meeting_id      BIGINT   REFERENCES meetings (id),
    not_after       TIMESTAMPTZ, -- a reminder never goes out once its meeting has begun
    state           TEXT     NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'dead', 'not_delivered', 'expired', 'cancelled')),
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    claim_token     TEXT     NOT NULL DEFAULT '',
    last_error      TEXT     NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    CHECK (state <> 'sending' OR lease_until IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, state);

-- One row per (meeting, offset, recipient), written with the meeting.
CREATE TABLE reminders (
    id             BIGSERIAL PRIMARY KEY,
    meeting_id     BIGINT   NOT NULL REFERENCES meetings (id),
    offset_seconds INTEGER  NOT NULL CHECK (offset_seconds > 0),
    recipient_id   BIGINT   NOT NULL REFERENCES people (id),
    due_at         TIMESTAMPTZ NOT NULL,
    state          TEXT     NOT NULL CHECK (state IN ('pending', 'queued', 'cancelled', 'missed')),
    outbox_id      BIGINT   REFERENCES outbox (id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (meeting_id, offset_seconds, recipient_id)
);
CREATE INDEX reminders_due ON reminders (state, due_at);

CREATE TABLE notifications (
    id           BIGSERIAL PRIMARY KEY,
    recipient_id BIGINT   NOT NULL REFERENCES people (id),
    kind         TEXT     NOT NULL,
    subject      TEXT     NOT NULL,
    body         TEXT     NOT NULL,
    link         TEXT     NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL;

CREATE TABLE flags (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT     NOT NULL CHECK (kind IN ('goal_deadline_near', 'goal_overdue', 'checkin_overdue', 'sessions_behind')),
    subject_type TEXT     NOT NULL CHECK (subject_type IN ('pairing', 'engagement')),
    subject_id   BIGINT   NOT NULL,
    programme_id BIGINT   NOT NULL REFERENCES programmes (id),
    detail       TEXT     NOT NULL DEFAULT '',
    raised_at    TIMESTAMPTZ NOT NULL,
    cleared_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX flags_one_open ON flags (kind, subject_type, subject_id) WHERE cleared_at IS NULL;
CREATE INDEX flags_raised ON flags (raised_at);

-- At most one flag digest per admin per date (in the organisation's zone).
CREATE TABLE flag_digests (
    admin_id    BIGINT   NOT NULL REFERENCES people (id),
    digest_date DATE     NOT NULL,
    outbox_id   BIGINT   REFERENCES outbox (id),
    queued_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (admin_id, digest_date)
);

-- +goose Down
DROP TABLE flag_digests;
DROP TABLE flags;
DROP TABLE notifications;
DROP TABLE reminders;
DROP TABLE outbox;
