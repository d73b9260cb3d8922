-- SPDX-License-Identifier: MIT
-- Resident flags (居民标记: 老年人、残疾人、低保 …), kept as one 、-joined text (the
-- street's own list lives in the setting residents.flags), so adding a flag to the list never
-- needs a schema change.

ALTER TABLE resident ADD COLUMN flags TEXT NOT NULL DEFAULT '';
