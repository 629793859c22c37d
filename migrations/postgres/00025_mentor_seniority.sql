-- +goose Up
-- Who may mentor in a mentoring programme (issue 17): by default only a
-- colleague more senior than the mentee (more_senior); a programme may let
-- colleagues at any level mentor (any), for peer or reverse mentoring.
ALTER TABLE programmes ADD COLUMN mentor_seniority TEXT NOT NULL DEFAULT 'more_senior'
    CHECK (mentor_seniority IN ('more_senior', 'any'));

-- +goose Down
ALTER TABLE programmes DROP COLUMN mentor_seniority;
