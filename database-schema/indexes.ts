import { COLLECTIONS } from '../core/collections';

/**
 * Secondary indexes per collection. The local store builds them at start; `npm run deploy` creates
 * them in CloudBase. Each serves a query named beside it. Records that belong to one notice, meeting
 * or report are found by their id prefix (`_id` ranges, see core/paging.ts `idRange`), not by an
 * index on the owner's id: nedb keeps the documents of one index key in an array, so a key shared by
 * thousands (a notice's receipts, the queue's `pending`) would cost every update a scan of them.
 */
export const INDEXES: Record<string, string[]> = {
  [COLLECTIONS.students]: ['classId'], // roster by class; audiences
  [COLLECTIONS.receipts]: ['studentNo'], // a student's inbox
  [COLLECTIONS.meetings]: ['startsAt'], // reminders due soon
  [COLLECTIONS.attendees]: ['studentNo'], // a student's meetings
};
