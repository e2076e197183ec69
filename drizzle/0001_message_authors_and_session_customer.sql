ALTER TABLE `chat_messages` ADD `author_id` text;--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `author_name` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `customer_id` text;