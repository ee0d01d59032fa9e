import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { idRange, scanById } from '../paging';
import type { Filter } from '../ports/store';
import type { AttendeeDoc } from '../../database-schema/documents';

/** A meeting's attendee records in pages: the `_id` range `<meetingId>:…`, served by the `_id` index. */
export function attendeesOf(ctx: Ctx, meetingId: string, filter: Filter = {}): AsyncGenerator<AttendeeDoc[]> {
  return scanById<AttendeeDoc>(ctx.store, COLLECTIONS.attendees, { ...filter, _id: idRange(meetingId) });
}
