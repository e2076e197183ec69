-- A small sample knowledge base for local development (`npm run dev` loads it): enough for the AI
-- first responder to answer a few questions at once. Fixed ids, so loading it again changes nothing.
INSERT OR IGNORE INTO kb_articles (id, title, body, tags, locale, published, created_at, updated_at) VALUES
('6c2f1a3e-0d4b-4c1e-9a11-5a7e1c000001', 'Where is my order?',
 'Orders ship within two working days. You get an email with a tracking link as soon as your parcel leaves our warehouse; you can also find it under Account > Orders. Deliveries take 2 to 4 working days.',
 '["shipping","order","tracking","delivery"]', 'en', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('6c2f1a3e-0d4b-4c1e-9a11-5a7e1c000002', 'Returns and refunds',
 'You can return any item within 30 days. Start a return under Account > Orders > Return. Refunds are paid to the original payment method within 14 days of the return arriving.',
 '["refund","return","money back"]', 'en', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('6c2f1a3e-0d4b-4c1e-9a11-5a7e1c000003', 'Resetting your password',
 'Choose "Forgot password" on the sign-in page and enter your email address. The reset link in the email works for one hour. If no email arrives, check your spam folder.',
 '["password","login","sign in","account"]', 'en', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('6c2f1a3e-0d4b-4c1e-9a11-5a7e1c000004', 'Changing or cancelling an order',
 'You can change or cancel an order until it ships: open it under Account > Orders and choose Change or Cancel. Once it has shipped, return it instead.',
 '["cancel","change","order"]', 'en', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
('6c2f1a3e-0d4b-4c1e-9a11-5a7e1c000005', 'Payment methods',
 'We accept credit and debit cards, PayPal and bank transfer. Payment is taken when your order ships.',
 '["payment","card","paypal","invoice"]', 'en', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');

-- A sample team for the demo shop's widget (data-team="support"): sessions are assigned automatically
-- to whichever of its agents is online with room; the dev sign-in's Alice (agent) and Sam (supervisor)
-- are its members.
INSERT OR IGNORE INTO teams (id, name, routing, hours, time_zone, service_levels, created_at, updated_at) VALUES
('support', 'Customer support', 'auto', NULL, 'UTC',
 '{"low":{"first_response_seconds":900,"next_response_seconds":1800},"normal":{"first_response_seconds":300,"next_response_seconds":600},"high":{"first_response_seconds":120,"next_response_seconds":300},"urgent":{"first_response_seconds":60,"next_response_seconds":120}}',
 '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
INSERT OR IGNORE INTO team_members (team_id, agent_id, joined_at) VALUES
('support', 'alice', '2026-01-01T00:00:00.000Z'),
('support', 'sam', '2026-01-01T00:00:00.000Z');
