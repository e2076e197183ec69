CREATE TABLE `archived_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`object_key` text NOT NULL,
	`resolved_at` text,
	`archived_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `archived_sessions_customer_idx` ON `archived_sessions` (`customer_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject`,`at`);