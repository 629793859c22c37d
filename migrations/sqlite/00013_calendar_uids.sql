-- +goose Up
-- iCalendar UIDs were meeting-ID@cairn on every installation, so two
-- organisations' meetings collided in the calendar of someone who works
-- with both. New meetings get a UID with this installation's random tag;
-- meetings that exist now keep the old UID, so invites already sent still
-- update and cancel the same event. Value: "first new-style id:tag".
INSERT INTO app_secrets (name, value, created_at)
SELECT 'calendar_uids',
       CAST(((SELECT COALESCE(MAX(id), 0) + 1 FROM meetings) || ':' || lower(hex(randomblob(6)))) AS BLOB),
       strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')
ON CONFLICT (name) DO NOTHING;

-- +goose Down
DELETE FROM app_secrets WHERE name = 'calendar_uids';
