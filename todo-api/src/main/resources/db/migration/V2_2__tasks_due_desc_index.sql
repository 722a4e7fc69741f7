-- sort=due_at&order=desc lists tasks without a due date last; a backward scan of idx_tasks_user_due would put
-- them first, so this order needs its own index.
create index idx_tasks_user_due_desc on tasks (user_id, due_at desc nulls last, id desc);
