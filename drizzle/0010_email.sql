CREATE TABLE `email_inbound` (
	`message_id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`outcome` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `email_notifications` (
	`session_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`recipient` text NOT NULL,
	`created_at` text NOT NULL,
	`message_id` text,
	PRIMARY KEY(`session_id`, `last_seq`)
);
--> statement-breakpoint
CREATE TABLE `email_suppressions` (
	`email` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`at` text NOT NULL
);
