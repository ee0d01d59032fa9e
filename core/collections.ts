/** Every collection name in one place (CloudBase collections and local store files alike). */
export const COLLECTIONS = {
  users: 'users',
  students: 'students',
  teachers: 'teachers',
  classes: 'classes',
  invites: 'teacher_invites',
  bindAttempts: 'bind_attempts',
  notices: 'notices',
  receipts: 'receipts',
  deliveries: 'deliveries',
  deliveryJobs: 'delivery_jobs',
  meetings: 'meetings',
  attendees: 'attendees',
  locationReports: 'location_reports',
  locationEntries: 'location_entries',
  meta: 'meta',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
