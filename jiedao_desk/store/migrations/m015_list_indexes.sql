-- SPDX-License-Identifier: MIT
-- Indexes the lists and monthly figures need at large volume.
--
-- Found by benchmarks/bench_domains.py at 1,000,000 tickets (benchmarks/README.md): every
-- hotline list query carries "voided_at IS NULL", which m009's indexes do not cover, so each
-- count read the whole table (~200 ms) or fetched every row of a status (~800 ms for
-- 'closed'). Partial indexes on live rows answer the counts from the index alone:
-- - (id): the count of the whole list;
-- - (status | community_id, received_at, id): a filter, in the list's default order. They
--   replace m009's (status, id), (community_id, id) and (month, community_id), which every
--   query used with "voided_at IS NULL": left in place, the planner (after ANALYZE) took them
--   as often as the live ones and read the table for each row (community count 95 ms against
--   9 ms, the month's 三率 rows 127 ms against ~45 ms);
-- - (month, received_at, id, …) serves the month filter in the list's order and covers every
--   column the 三率 read, so the monthly report and the 12-month trend never touch the table.
-- The mediation month figures (run twice by the monthly report) select live cases by
-- accepted_on / outcome_on / jc_applied_on / jc_result_on and work records by kind and date;
-- without these indexes each of them scanned the whole table.

CREATE INDEX hotline_ticket_live ON hotline_ticket(id) WHERE voided_at IS NULL;
CREATE INDEX hotline_ticket_status_live ON hotline_ticket(status, received_at, id)
    WHERE voided_at IS NULL;
CREATE INDEX hotline_ticket_community_live ON hotline_ticket(community_id, received_at, id)
    WHERE voided_at IS NULL;
CREATE INDEX hotline_ticket_month_live ON hotline_ticket(month, received_at, id, community_id,
    closed_at, visit_contacted, visit_solved, visit_satisfaction, excluded, flag_unreasonable)
    WHERE voided_at IS NULL;
DROP INDEX hotline_ticket_status;
DROP INDEX hotline_ticket_community;
DROP INDEX hotline_ticket_month;
CREATE INDEX mediation_case_accepted_live ON mediation_case(accepted_on) WHERE voided_at IS NULL;
CREATE INDEX mediation_case_outcome_live ON mediation_case(outcome_on) WHERE voided_at IS NULL;
CREATE INDEX mediation_case_jc_applied_live ON mediation_case(jc_applied_on)
    WHERE voided_at IS NULL;
CREATE INDEX mediation_case_jc_result_live ON mediation_case(jc_result_on)
    WHERE voided_at IS NULL;
CREATE INDEX mediation_event_kind_day ON mediation_event(kind, on_date) WHERE voided_at IS NULL;
