-- Action items listed across incidents (GET /api/action-items, incidentctl items list): a person's
-- items ("mine") and the items of a kind, each by status and soonest due first. Overdue items use
-- action_items_status_due_date (V2); a service's items go from incidents_service_detected_at (V1)
-- to the action items' primary key.
CREATE INDEX action_items_owner_status_due_date ON action_items (owner_name, status, due_date);
CREATE INDEX action_items_kind_status_due_date ON action_items (kind, status, due_date);
