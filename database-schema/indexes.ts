import { COLLECTIONS } from '../core/collections';

/**
 * Secondary indexes per collection. The local store builds them at start; `npm run deploy` creates
 * them in CloudBase. Each serves a query named beside it.
 */
export const INDEXES: Record<string, string[]> = {
  [COLLECTIONS.students]: ['classId', 'openid'], // roster by class; bound lookups
  [COLLECTIONS.receipts]: ['noticeId', 'studentNo'], // unread lists; a student's inbox
  [COLLECTIONS.deliveries]: ['status', 'sourceId', 'claim'], // the queue; per-notice reports; a worker's claim
  [COLLECTIONS.deliveryJobs]: ['done'],
  [COLLECTIONS.teachers]: ['openid'],
  [COLLECTIONS.meetings]: ['startsAt'], // reminders due soon
  [COLLECTIONS.attendees]: ['meetingId', 'studentNo'], // absentee lists; a student's meetings
  [COLLECTIONS.locationEntries]: ['reportId'],
};
