-- Which of today's tasks a desktop notification has already announced, so
-- each is announced once when it becomes due. A key names the task and the
-- state that made it due (e.g. a partner and the day of her last contact),
-- so the same task coming due again later is announced again.
CREATE TABLE announced_tasks (
    key           TEXT    PRIMARY KEY,
    announced_on  INTEGER NOT NULL
) WITHOUT ROWID;
