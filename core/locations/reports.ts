import { requireStaff, requireStudent, visibleClasses } from '../actor';
import { COLLECTIONS } from '../collections';
import type { Audience } from '../contracts/notices';
import type { PageResult } from '../contracts/common';
import { conflict, forbidden, invalid, notFound } from '../errors';
import type { Ctx } from '../function/define';
import { resolveAudience } from '../notices/audience';
import { pageOwnedByStudent } from '../roster/owned-page';
import type { Filter } from '../ports/store';
import type { LocationEntryDoc, LocationReportDoc, StudentDoc } from '../../database-schema/documents';
import { getStudentForStaff } from '../roster/students';

const entryId = (reportId: string, studentNo: string) => `${reportId}:${studentNo}`;

/** A teacher opens a location report (e.g. 假期离校/返校 safety report) for an audience. */
export async function openReport(ctx: Ctx, input: { title: string; audience: Audience; deadline?: number }): Promise<{ reportId: string; expected: number }> {
  const actor = requireStaff(ctx.actor);
  const recipients = await resolveAudience(ctx, actor, input.audience);
  if (recipients.length === 0) throw invalid('所选范围内没有学生');
  const reportId = ctx.ids.random();
  const now = ctx.clock.now();
  await ctx.store.insertMany(
    COLLECTIONS.locationEntries,
    recipients.map((r) => ({ _id: entryId(reportId, r.studentNo), reportId, studentNo: r.studentNo, classId: r.classId, reportedAt: null, lat: null, lng: null, accuracy: null, address: null, note: null }) satisfies LocationEntryDoc),
  );
  const report: LocationReportDoc = {
    _id: reportId,
    title: input.title,
    classIds: [...new Set(recipients.map((r) => r.classId))],
    deadline: input.deadline ?? null,
    createdBy: actor.kind === 'system' ? 'system' : actor.openid,
    createdAt: now,
    expected: recipients.length,
    reported: 0,
  };
  await ctx.store.insert(COLLECTIONS.locationReports, report);
  return { reportId, expected: recipients.length };
}

/**
 * A student reports where they are. The point always becomes their latest location (with its
 * time); with a report id it also answers that report — counted once, however often re-sent.
 */
export async function submitLocation(ctx: Ctx, input: { reportId?: string; lat: number; lng: number; accuracy?: number; address?: string; note?: string }): Promise<{ reportedAt: number }> {
  const student = requireStudent(ctx.actor);
  const now = ctx.clock.now();
  if (input.reportId) {
    const report = await ctx.store.get<LocationReportDoc>(COLLECTIONS.locationReports, input.reportId);
    const entry = report && (await ctx.store.get<LocationEntryDoc>(COLLECTIONS.locationEntries, entryId(report._id, student.studentNo)));
    if (!report || !entry) throw notFound('没有需要你填报的位置报告');
    if (report.deadline !== null && now > report.deadline) throw conflict('填报已截止');
    const point = { lat: input.lat, lng: input.lng, accuracy: input.accuracy ?? null, address: input.address ?? null, note: input.note ?? null };
    const first = await ctx.store.update(COLLECTIONS.locationEntries, { _id: entry._id, reportedAt: null }, { $set: { ...point, reportedAt: now } });
    if (first === 1) await ctx.store.update(COLLECTIONS.locationReports, { _id: report._id }, { $inc: { reported: 1 } });
    else await ctx.store.update(COLLECTIONS.locationEntries, { _id: entry._id }, { $set: { ...point, reportedAt: now } });
  }
  await ctx.store.update(COLLECTIONS.students, { _id: student.studentNo }, { $set: { lastLocation: { lat: input.lat, lng: input.lng, address: input.address ?? null, at: now } } });
  return { reportedAt: now };
}

export interface ReportEntryView {
  studentNo: string;
  name: string;
  classId: string;
  reportedAt: number | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  note: string | null;
}

/** Who reported and where, who did not — only for the classes the caller teaches. */
export async function reportStatus(ctx: Ctx, input: { reportId: string; reported?: boolean; cursor?: string; limit: number }): Promise<PageResult<ReportEntryView> & { expected: number; reported: number }> {
  const actor = requireStaff(ctx.actor);
  const report = await ctx.store.get<LocationReportDoc>(COLLECTIONS.locationReports, input.reportId);
  if (!report) throw notFound('位置报告不存在');
  // Locations go to the students' own teachers only: no owner privilege here.
  const visible = visibleClasses(actor, report.classIds);
  if (visible && visible.length === 0) throw forbidden('只能查看自己班级学生的位置');
  const filter: Filter = input.reported === undefined ? {} : { reportedAt: input.reported ? { $ne: null } : null };
  const page = await pageOwnedByStudent<LocationEntryDoc>(ctx, COLLECTIONS.locationEntries, report._id, filter, visible, input);
  return {
    expected: report.expected,
    reported: report.reported,
    items: page.items.map((e) => ({ studentNo: e.studentNo, name: e.name, classId: e.classId, reportedAt: e.reportedAt, lat: e.lat, lng: e.lng, address: e.address, note: e.note })),
    nextCursor: page.nextCursor,
  };
}

/** A student's latest location, for the teachers of their class only. */
export async function studentLocation(ctx: Ctx, input: { studentNo: string }): Promise<{ studentNo: string; lastLocation: StudentDoc['lastLocation'] | null }> {
  requireStaff(ctx.actor);
  const student = await getStudentForStaff(ctx, input.studentNo);
  return { studentNo: student._id, lastLocation: student.lastLocation ?? null };
}
