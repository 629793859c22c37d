-- +goose Up
-- A series is a regular slot of a pairing or an engagement: an RFC 5545
-- rule kept in the organiser's zone. Its occurrences inside the horizon
-- are meetings carrying series_id and occurrence_at (the start the rule
-- gave them, their RECURRENCE-ID), one per (series, occurrence), so two
-- instances extending the horizon together make each occurrence once.
CREATE TABLE series (
    id               BIGSERIAL PRIMARY KEY,
    kind             TEXT        NOT NULL CHECK (kind IN ('checkin', 'session')),
    pairing_id       BIGINT      REFERENCES pairings (id),
    engagement_id    BIGINT      REFERENCES engagements (id),
    leader_id        BIGINT      NOT NULL REFERENCES people (id),
    learner_id       BIGINT      NOT NULL REFERENCES people (id),
    organiser_id     BIGINT      NOT NULL REFERENCES people (id),
    timezone         TEXT        NOT NULL,
    starts_at        TIMESTAMPTZ NOT NULL,
    duration_minutes INTEGER     NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    location         TEXT        NOT NULL DEFAULT '',
    base_rule        TEXT        NOT NULL,
    rrule            TEXT        NOT NULL,
    until_on         DATE,
    until_at         TIMESTAMPTZ,
    occurrence_count INTEGER     NOT NULL DEFAULT 0 CHECK (occurrence_count BETWEEN 0 AND 500),
    skipped          TEXT        NOT NULL DEFAULT '',
    status           TEXT        NOT NULL CHECK (status IN ('active', 'ended')),
    sequence         INTEGER     NOT NULL DEFAULT 0,
    created_by       BIGINT      REFERENCES people (id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'checkin' AND pairing_id IS NOT NULL AND engagement_id IS NULL)
        OR (kind = 'session' AND engagement_id IS NOT NULL AND pairing_id IS NULL))
);
CREATE INDEX series_pairing ON series (pairing_id);
CREATE INDEX series_engagement ON series (engagement_id);
CREATE INDEX series_status ON series (status, id);

ALTER TABLE meetings ADD COLUMN series_id BIGINT REFERENCES series (id);
ALTER TABLE meetings ADD COLUMN occurrence_at TIMESTAMPTZ;
CREATE UNIQUE INDEX meetings_series_occurrence ON meetings (series_id, occurrence_at) WHERE series_id IS NOT NULL;

-- +goose Down
DROP INDEX meetings_series_occurrence;
ALTER TABLE meetings DROP COLUMN occurrence_at;
ALTER TABLE meetings DROP COLUMN series_id;
DROP TABLE series;
