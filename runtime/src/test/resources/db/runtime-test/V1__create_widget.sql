CREATE TABLE widget (
    id   VARCHAR(64) PRIMARY KEY,
    name TEXT NOT NULL
);
