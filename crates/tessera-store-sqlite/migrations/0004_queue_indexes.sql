-- Agent queues sort a group's (or everyone's) open tickets by priority; without
-- these indexes that sort reads every open ticket of the group (0.4 s at 1 M tickets).
CREATE INDEX tickets_group_priority  ON tickets (group_id, status, priority, id);
CREATE INDEX tickets_status_priority ON tickets (status, priority, id);
