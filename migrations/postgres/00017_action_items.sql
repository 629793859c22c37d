-- +goose Up
-- Action items: what a participant of a pairing or an engagement agreed to
-- do by a date, between meetings. One of the two relationships, an owner
-- who is one of its participants (the domain checks), the meeting it came
-- from if any. reminded_at is claimed once by the scheduler (a conditional
-- write), so the due-date reminder goes out exactly once.
CREATE TABLE action_items (
    id            BIGSERIAL   PRIMARY KEY,
    pairing_id    BIGINT      REFERENCES pairings (id) ON DELETE CASCADE,
    engagement_id BIGINT      REFERENCES engagements (id) ON DELETE CASCADE,
    title         TEXT        NOT NULL CHECK (title <> ''),
    detail        TEXT        NOT NULL DEFAULT '',
    owner_id      BIGINT      NOT NULL REFERENCES people (id),
    due_on        DATE        NOT NULL,
    done_at       TIMESTAMPTZ,
    meeting_id    BIGINT      REFERENCES meetings (id) ON DELETE SET NULL,
    created_by    BIGINT      NOT NULL REFERENCES people (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    reminded_at   TIMESTAMPTZ,
    CHECK ((pairing_id IS NULL) <> (engagement_id IS NULL))
);
CREATE INDEX action_items_pairing ON action_items (pairing_id) WHERE pairing_id IS NOT NULL;
CREATE INDEX action_items_engagement ON action_items (engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX action_items_owner_open ON action_items (owner_id, due_on) WHERE done_at IS NULL;
CREATE INDEX action_items_due ON action_items (due_on) WHERE done_at IS NULL AND reminded_at IS NULL;

-- +goose Down
DROP TABLE action_items;
