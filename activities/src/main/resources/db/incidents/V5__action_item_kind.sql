-- Action items gain the runbook's kind of follow-up, a ticket or pull request link, the reason an
-- item was dropped, and the runbook section a runbook update changes. All optional: items recorded
-- before stay as they are.
ALTER TABLE action_items ADD COLUMN kind VARCHAR(32);
ALTER TABLE action_items ADD COLUMN link VARCHAR(2000);
ALTER TABLE action_items ADD COLUMN reason VARCHAR(2000);
ALTER TABLE action_items ADD COLUMN runbook_section VARCHAR(500);
