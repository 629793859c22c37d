-- +goose Up
-- Feedback after each meeting: the learner (mentee or coachee) rates a
-- completed meeting once (1-5), with an optional comment they may share
-- with the programme's admins. feedback_asked_at is claimed once by the
-- scheduler (a conditional write), so the learner is asked exactly once.
CREATE TABLE meeting_feedback (
    id            BIGSERIAL   PRIMARY KEY,
    meeting_id    BIGINT      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    learner_id    BIGINT      NOT NULL REFERENCES people (id),
    rating        SMALLINT    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment       TEXT        NOT NULL DEFAULT '',
    share_comment BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (meeting_id, learner_id)
);
CREATE INDEX meeting_feedback_learner ON meeting_feedback (learner_id);
ALTER TABLE meetings ADD COLUMN feedback_asked_at TIMESTAMPTZ;
CREATE INDEX meetings_feedback_due ON meetings (id) WHERE status = 'completed' AND feedback_asked_at IS NULL;

-- Closing well: the coachee's own view of a closed engagement, beside the
-- coach's outcome: a rating of the whole engagement and whether the goal
-- was met, once (the three columns are written together).
ALTER TABLE engagements ADD COLUMN coachee_rating SMALLINT CHECK (coachee_rating BETWEEN 1 AND 5);
ALTER TABLE engagements ADD COLUMN coachee_outcome TEXT
    CHECK (coachee_outcome IN ('achieved', 'partially_achieved', 'not_achieved'));
ALTER TABLE engagements ADD COLUMN coachee_reviewed_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE engagements DROP COLUMN coachee_reviewed_at;
ALTER TABLE engagements DROP COLUMN coachee_outcome;
ALTER TABLE engagements DROP COLUMN coachee_rating;
DROP INDEX meetings_feedback_due;
ALTER TABLE meetings DROP COLUMN feedback_asked_at;
DROP TABLE meeting_feedback;
