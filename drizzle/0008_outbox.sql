CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`change` text NOT NULL,
	`first_seq` integer,
	`last_seq` integer,
	`left_team_id` text,
	`created_at` text NOT NULL
);
