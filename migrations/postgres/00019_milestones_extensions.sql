-- +goose Up
-- Milestones and agreed extensions (issue 18). An engagement's progress is
-- set by hand (manual, as before) or follows its milestones (the share
-- done). Milestones are steps toward the goal with a target date and the
-- day they were done. An extension is the coach's proposal of a later end
-- date and plan with a reason, answered once by the coachee; at most one
-- is open per engagement (a partial unique index, so two requests cannot
-- both open one), and every proposal stays as the engagement's history.
ALTER TABLE engagements ADD COLUMN progress_mode TEXT NOT NULL DEFAULT 'manual' CHECK (progress_mode IN ('manual', 'milestones'));

CREATE TABLE milestones (
    id            BIGSERIAL   PRIMARY KEY,
    engagement_id BIGINT      NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    title         TEXT        NOT NULL CHECK (title <> ''),
    target_on     DATE        NOT NULL,
    done_on       DATE,
    created_by    BIGINT      NOT NULL REFERENCES people (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX milestones_engagement ON milestones (engagement_id, target_on);
CREATE INDEX milestones_open ON milestones (target_on) WHERE done_on IS NULL;

CREATE TABLE engagement_extensions (
    id                        BIGSERIAL   PRIMARY KEY,
    engagement_id             BIGINT      NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    proposed_by               BIGINT      NOT NULL REFERENCES people (id),
    ends_on                   DATE        NOT NULL,
    planned_sessions          INTEGER     NOT NULL CHECK (planned_sessions BETWEEN 1 AND 100),
    previous_ends_on          DATE        NOT NULL,
    previous_planned_sessions INTEGER     NOT NULL,
    reason                    TEXT        NOT NULL CHECK (reason <> ''),
    state                     TEXT        NOT NULL CHECK (state IN ('open', 'accepted', 'declined')),
    decided_by                BIGINT      REFERENCES people (id),
    decided_at                TIMESTAMPTZ,
    decline_reason            TEXT        NOT NULL DEFAULT '',
    created_at                TIMESTAMPTZ NOT NULL,
    CHECK ((state = 'open') = (decided_at IS NULL))
);
CREATE INDEX engagement_extensions_engagement ON engagement_extensions (engagement_id, created_at);
CREATE UNIQUE INDEX engagement_extensions_one_open ON engagement_extensions (engagement_id) WHERE state = 'open';

-- The emails about extensions go out through the outbox as their own kind.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension'));

-- +goose Down
-- The outbox keeps the wider check: extension emails already queued stay readable.
DROP TABLE engagement_extensions;
DROP TABLE milestones;
ALTER TABLE engagements DROP COLUMN progress_mode;
