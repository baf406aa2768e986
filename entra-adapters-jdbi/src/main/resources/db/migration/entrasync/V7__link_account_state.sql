-- entrasync, schema version 7: the account state last reported for a linked identity.
--
-- A partial delta entry (Graph resends only the properties that changed) that does not resend
-- accountEnabled keeps the state the link records: false, a disabled account, whose other changes are
-- not applied (as a full listing leaves a disabled user unchanged), whether or not the setting "mark
-- inactive when disabled" recorded a pending removal or inactivated the contact. null: not recorded,
-- read as before this column (enabled, unless a pending removal or the contact says disabled), which is
-- right for every existing row: the sync recorded nothing else about a disabled account it left alone,
-- and the next full listing (or an entry that resends the state) records it.
alter table entra_contact_links add column account_enabled boolean;
