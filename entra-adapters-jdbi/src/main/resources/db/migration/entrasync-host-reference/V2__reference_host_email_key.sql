-- entrasync reference host, version 2: the email matching key is the library's one normalization.
--
-- EmailNormalization (entra-spi) strips every Unicode whitespace and space-separator character
-- (tab, no-break spaces U+00A0, U+2007, U+202F, ...) from both ends and lower-cases in Locale.ROOT.
-- SQL's lower(btrim(email)) is another definition (it keeps tabs and no-break spaces, and lower()
-- follows the database locale), so a contact stored with such an address was not found and the sync
-- created a duplicate. The key is now computed in Java and written with every address.
alter table psa_contacts alter column email_normalized drop expression;

-- Rows written before this version: the nearest SQL equivalent; the next write of an address
-- stores the exact key.
update psa_contacts
   set email_normalized = nullif(lower(regexp_replace(email,
         '^[\s\u001c-\u001f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\s\u001c-\u001f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$',
         '', 'g')), '')
 where email is not null;

comment on column psa_contacts.email_normalized is
  'The matching key: EmailNormalization.normalize(email) (entra-spi), written by the application; null when blank.';
