-- Tasks (SPEC §2). Instants are timestamptz (UTC); due_at keeps its wall-clock meaning in time_zone.
create table tasks (
    id                 bigint generated always as identity primary key,
    user_id            text         not null,
    title              varchar(200) not null,
    description        varchar(4000),
    completed          boolean      not null default false,
    priority           varchar(6)   not null default 'medium' check (priority in ('low', 'medium', 'high')),
    -- sort key for priority: high > medium > low
    priority_rank      smallint generated always as
                           (case priority when 'low' then 1 when 'medium' then 2 else 3 end) stored,
    tags               text[]       not null default '{}',
    due_at             timestamptz,
    time_zone          varchar(64)  not null default 'UTC',
    recurrence_pattern varchar(500),
    recurrence_anchor  varchar(10)  not null default 'due' check (recurrence_anchor in ('due', 'completion')),
    reminder_offset    varchar(64),
    remind_at          timestamptz,
    series_id          uuid         not null,
    occurrence         integer      not null default 1 check (occurrence >= 1),
    -- DTSTART of the recurrence schedule (see TaskData.seriesStartAt)
    series_start_at    timestamptz,
    completed_at       timestamptz,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    version            bigint       not null default 0,
    -- text search on title (weight A) and description (weight B) by PostgreSQL, never in Java
    search             tsvector generated always as (
                           setweight(to_tsvector('english', title), 'A') ||
                           setweight(to_tsvector('english', coalesce(description, '')), 'B')) stored,
    -- one task per occurrence of a series: makes creating the next occurrence idempotent
    constraint uq_tasks_series_occurrence unique (series_id, occurrence)
);

-- Every list query is per user; one index per sort key, with id as the stable tie-breaker.
create index idx_tasks_user_created on tasks (user_id, created_at, id);
create index idx_tasks_user_updated on tasks (user_id, updated_at, id);
create index idx_tasks_user_due on tasks (user_id, due_at, id);
create index idx_tasks_user_priority on tasks (user_id, priority_rank, id);
create index idx_tasks_user_title on tasks (user_id, lower(title), id);
-- status=pending and overdue=true read only open tasks
create index idx_tasks_user_open_due on tasks (user_id, due_at) where not completed;
-- tag=a&tag=b → tags @> array['a','b']
create index idx_tasks_tags on tasks using gin (tags);
-- q → search @@ websearch_to_tsquery('english', q)
create index idx_tasks_search on tasks using gin (search);
