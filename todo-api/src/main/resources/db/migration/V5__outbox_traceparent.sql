-- W3C trace context of the change that wrote the event (issue 14): the relay publishes the event in a span
-- continuing it, so daprd and every subscriber join the request's trace. Null for rows written before tracing,
-- with tracing off or outside any span; such an event is published in a trace of its own.
alter table outbox_events add column traceparent varchar(55);
