-- +goose Up
-- How a programme forms pairs (issue 17): by HR alone (admin), by mentees
-- who ask a mentor who accepts (mentee_request), or the same with HR's
-- approval after the mentor's (mentee_request_approved). A programme may
-- ask people to sign up first (as mentor, with a capacity, or as mentee),
-- and lets a request wait request_expiry_days for the mentor's answer.
ALTER TABLE programmes ADD COLUMN matching TEXT NOT NULL DEFAULT 'admin'
    CHECK (matching IN ('admin', 'mentee_request', 'mentee_request_approved'));
ALTER TABLE programmes ADD COLUMN requires_signup BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programmes ADD COLUMN request_expiry_days INTEGER NOT NULL DEFAULT 14
    CHECK (request_expiry_days BETWEEN 1 AND 90);

CREATE TABLE programme_members (
    programme_id BIGINT      NOT NULL REFERENCES programmes (id),
    person_id    BIGINT      NOT NULL REFERENCES people (id),
    role         TEXT        NOT NULL CHECK (role IN ('mentor', 'mentee')),
    capacity     INTEGER     CHECK (capacity BETWEEN 1 AND 50),
    joined_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (programme_id, person_id, role),
    CHECK (role = 'mentor' OR capacity IS NULL)
);
CREATE INDEX programme_members_person ON programme_members (person_id);

-- A mentee's request for a mentor. It is open until the mentor answers,
-- the mentee withdraws or it expires; accepted and waiting for HR while
-- pairing_id is unset in a programme that needs approval. One open (or
-- waiting) request per mentee and programme, held by a unique index.
CREATE TABLE mentor_requests (
    id           BIGSERIAL   PRIMARY KEY,
    programme_id BIGINT      NOT NULL REFERENCES programmes (id),
    mentee_id    BIGINT      NOT NULL REFERENCES people (id),
    mentor_id    BIGINT      NOT NULL REFERENCES people (id),
    message      TEXT        NOT NULL DEFAULT '',
    state        TEXT        NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'withdrawn', 'expired', 'approved', 'rejected')),
    reason       TEXT        NOT NULL DEFAULT '',
    pairing_id   BIGINT      REFERENCES pairings (id),
    decided_by   BIGINT      REFERENCES people (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK (mentee_id <> mentor_id)
);
CREATE UNIQUE INDEX mentor_requests_one_open ON mentor_requests (programme_id, mentee_id)
    WHERE state = 'open' OR (state = 'accepted' AND pairing_id IS NULL);
CREATE INDEX mentor_requests_mentee ON mentor_requests (mentee_id, id);
CREATE INDEX mentor_requests_mentor ON mentor_requests (mentor_id, id);
CREATE INDEX mentor_requests_expiry ON mentor_requests (expires_at) WHERE state = 'open';

-- Requests tell the other side by email as their own kind.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension', 'request'));

-- +goose Down
-- The outbox keeps the wider check: requests' mail already queued stays readable.
DROP TABLE mentor_requests;
DROP TABLE programme_members;
ALTER TABLE programmes DROP COLUMN request_expiry_days;
ALTER TABLE programmes DROP COLUMN requires_signup;
ALTER TABLE programmes DROP COLUMN matching;
