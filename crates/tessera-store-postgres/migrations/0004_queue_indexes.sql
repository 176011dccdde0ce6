-- Agent queues sort a group's (or everyone's) open tickets by priority; without
-- these indexes that sort reads every open ticket of the group.
create index tickets_group_priority_idx on tickets (group_id, status, priority, id);
create index tickets_status_priority_idx on tickets (status, priority, id);
