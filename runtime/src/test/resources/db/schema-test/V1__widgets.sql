CREATE TABLE schema_test_widget (id TEXT PRIMARY KEY);
