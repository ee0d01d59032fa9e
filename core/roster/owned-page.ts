import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { decodeCursor, getMany, idRange, nextCursorOf } from '../paging';
import type { Doc, Filter } from '../ports/store';
import type { StudentDoc } from '../../database-schema/documents';

type PerStudent = Doc & { studentNo: string; classId: string };

/**
 * One page of the per-student records a notice, meeting or report owns (ids `<ownerId>:<studentNo>`),
 * narrowed to `visible` classes (null: all), with each student's name for display.
 */
export async function pageOwnedByStudent<T extends PerStudent>(
  ctx: Ctx,
  collection: string,
  ownerId: string,
  filter: Filter,
  visible: string[] | null,
  page: { cursor?: string; limit: number },
): Promise<{ items: (T & { name: string })[]; nextCursor?: string }> {
  const after = decodeCursor(page.cursor);
  const query: Filter = { ...filter, _id: after === undefined ? idRange(ownerId) : { ...idRange(ownerId), $gt: after } };
  if (visible) query.classId = { $in: visible };
  const docs = await ctx.store.find<T>(collection, query, { sort: { _id: 1 }, limit: page.limit });
  const students = await getMany<StudentDoc>(ctx.store, COLLECTIONS.students, docs.map((d) => d.studentNo));
  return {
    items: docs.map((d) => ({ ...d, name: students.get(d.studentNo)?.name ?? '（已移除）' })),
    nextCursor: nextCursorOf(docs, page.limit, (d) => d._id),
  };
}
