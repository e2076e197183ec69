CREATE TABLE `contact_attributes` (
	`key` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "contact_attributes_type_check" CHECK("contact_attributes"."type" in ('string', 'number', 'boolean', 'date'))
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`locale` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`first_seen` text NOT NULL,
	`last_seen` text NOT NULL,
	`change_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_email_idx` ON `contacts` (`email`);--> statement-breakpoint
CREATE INDEX `contacts_last_seen_idx` ON `contacts` (`last_seen`);