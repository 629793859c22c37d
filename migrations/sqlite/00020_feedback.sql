-- +goose Up
-- Feedback after each meeting: the learner (mentee or coachee) rates a
-- completed meeting once (1-5), with an optional comment they may share
-- with the programme's admins. feedback_asked_at is claimed once by the
-- scheduler (a conditional write), so the learner is asked exactly once.
CREATE TABLE meeting_feedback (
    id            INTEGER     PRIMARY KEY AUTOINCREMENT,
    meeting_id    INTEGER     NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    learner_id    INTEGER     NOT NULL REFERENCES people (id),
    rating        INTEGER     NOT NULL CHECK (typeof(rating) = 'integer' AND rating BETWEEN 1 AND 5),
    comment       TEXT        NOT NULL DEFAULT '',
    share_comment BOOLEAN     NOT NULL DEFAULT 0,
    created_at    DATETIME    NOT NULL,
    UNIQUE (meeting_id, learner_id)
);
CREATE INDEX meeting_feedback_learner ON meeting_feedback (learner_id);
ALTER TABLE meetings ADD COLUMN feedback_asked_at DATETIME;
CREATE INDEX meetings_feedback_due ON meetings (id) WHERE status = 'completed' AND feedback_asked_at IS NULL;

-- Closing well: the coachee's own view of a closed engagement, beside the
-- coach's outcome: a rating of the whole engagement and whether the goal
-- was met, once. (SQLite cannot add a table constraint to an existing
-- table: the three columns are checked one by one.)
ALTER TABLE engagements ADD COLUMN coachee_rating INTEGER
    CHECK (coachee_rating IS NULL OR (typeof(coachee_rating) = 'integer' AND coachee_rating BETWEEN 1 AND 5));
ALTER TABLE engagements ADD COLUMN coachee_outcome TEXT
    CHECK (coachee_outcome IN ('achieved', 'partially_achieved', 'not_achieved'));
ALTER TABLE engagements ADD COLUMN coachee_reviewed_at DATETIME;

-- +goose StatementBegin
CREATE TRIGGER check_meeting_feedback_share_comment_ins BEFORE INSERT ON meeting_feedback
WHEN NEW.share_comment IS NOT NULL AND NEW.share_comment NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_feedback.share_comment must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meeting_feedback_share_comment_upd BEFORE UPDATE OF share_comment ON meeting_feedback
WHEN NEW.share_comment IS NOT NULL AND NEW.share_comment NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_feedback.share_comment must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meeting_feedback_created_at_ins BEFORE INSERT ON meeting_feedback
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_feedback.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meeting_feedback_created_at_upd BEFORE UPDATE OF created_at ON meeting_feedback
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_feedback.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_feedback_asked_at_ins BEFORE INSERT ON meetings
WHEN NEW.feedback_asked_at IS NOT NULL AND (typeof(NEW.feedback_asked_at) <> 'text' OR julianday(NEW.feedback_asked_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.feedback_asked_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_feedback_asked_at_upd BEFORE UPDATE OF feedback_asked_at ON meetings
WHEN NEW.feedback_asked_at IS NOT NULL AND (typeof(NEW.feedback_asked_at) <> 'text' OR julianday(NEW.feedback_asked_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.feedback_asked_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_coachee_reviewed_at_ins BEFORE INSERT ON engagements
WHEN NEW.coachee_reviewed_at IS NOT NULL AND (typeof(NEW.coachee_reviewed_at) <> 'text' OR julianday(NEW.coachee_reviewed_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.coachee_reviewed_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_coachee_reviewed_at_upd BEFORE UPDATE OF coachee_reviewed_at ON engagements
WHEN NEW.coachee_reviewed_at IS NOT NULL AND (typeof(NEW.coachee_reviewed_at) <> 'text' OR julianday(NEW.coachee_reviewed_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.coachee_reviewed_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER check_meeting_feedback_share_comment_ins;
DROP TRIGGER check_meeting_feedback_share_comment_upd;
DROP TRIGGER check_meeting_feedback_created_at_ins;
DROP TRIGGER check_meeting_feedback_created_at_upd;
DROP TRIGGER check_meetings_feedback_asked_at_ins;
DROP TRIGGER check_meetings_feedback_asked_at_upd;
DROP TRIGGER check_engagements_coachee_reviewed_at_ins;
DROP TRIGGER check_engagements_coachee_reviewed_at_upd;
ALTER TABLE engagements DROP COLUMN coachee_reviewed_at;
ALTER TABLE engagements DROP COLUMN coachee_outcome;
ALTER TABLE engagements DROP COLUMN coachee_rating;
DROP INDEX meetings_feedback_due;
ALTER TABLE meetings DROP COLUMN feedback_asked_at;
DROP TABLE meeting_feedback;
