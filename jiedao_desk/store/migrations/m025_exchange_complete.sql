-- SPDX-License-Identifier: MIT
-- Up to when the data received from each site is complete: the sender's clock when it wrote the
-- newest package applied here. Packages are cumulative (each holds every change since the last
-- one the receiver acknowledged), so a lost or late package does not lower it; the street's
-- monthly report prints it per community.
ALTER TABLE exchange_sequence ADD COLUMN complete_to TEXT;
