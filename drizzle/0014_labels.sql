CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`colour` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_name_key_idx` ON `labels` (`name_key`);--> statement-breakpoint
CREATE TABLE `session_labels` (
	`session_id` text NOT NULL,
	`label_id` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`session_id`, `label_id`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_labels_label_idx` ON `session_labels` (`label_id`,`session_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`label_id` text,
	`kind` text NOT NULL,
	`pattern` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_routing_rules`("id", "team_id", "label_id", "kind", "pattern", "position") SELECT "id", "team_id", NULL, "kind", "pattern", "position" FROM `routing_rules`;--> statement-breakpoint
DROP TABLE `routing_rules`;--> statement-breakpoint
ALTER TABLE `__new_routing_rules` RENAME TO `routing_rules`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `page_url` text;