import ExcelJS from 'exceljs';
import { COLLECTIONS } from '../collections';
import { ATTENDANCE_LABELS } from '../contracts/checkin';
import type { Ctx } from '../function/define';
import { shanghaiTime } from '../delivery/message';
import { getMany } from '../paging';
import type { AttendeeDoc, ClassDoc, StudentDoc } from '../../database-schema/documents';
import { getMeetingForStaff } from './access';
import { attendeesOf } from './attendees';

const SIGNUP_LABELS = { none: '未报名', signed: '已报名', cancelled: '已取消' } as const;
const LEAVE_LABELS = { none: '', pending: '待审批', approved: '已批准', rejected: '已驳回' } as const;
const METHOD_LABELS = { qr: '扫码', code: '签到码', geo: '定位', manual: '老师补签' } as const;

/** The attendance sheet as .xlsx through the Files port, with a temporary download link. */
export async function exportAttendance(ctx: Ctx, input: { meetingId: string }): Promise<{ fileId: string; url: string; rows: number }> {
  const meeting = await getMeetingForStaff(ctx, input.meetingId);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('签到表');
  sheet.columns = [
    { header: '学号', key: 'studentNo', width: 14 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '班级', key: 'className', width: 16 },
    { header: '报名', key: 'signup', width: 8 },
    { header: '签到时间', key: 'at', width: 18 },
    { header: '状态', key: 'status', width: 8 },
    { header: '方式', key: 'method', width: 10 },
    { header: '请假', key: 'leave', width: 8 },
    { header: '请假事由', key: 'reason', width: 24 },
  ];
  const classes = await getMany<ClassDoc>(ctx.store, COLLECTIONS.classes, meeting.classIds);
  let rows = 0;
  for await (const page of attendeesOf(ctx, meeting._id)) {
    const students = await getMany<StudentDoc>(ctx.store, COLLECTIONS.students, page.map((a) => a.studentNo));
    for (const a of page) {
      sheet.addRow({
        studentNo: a.studentNo,
        name: students.get(a.studentNo)?.name ?? '',
        className: classes.get(a.classId)?.name ?? a.classId,
        signup: SIGNUP_LABELS[a.signup],
        at: a.checkedInAt ? shanghaiTime(a.checkedInAt, 'YYYY-MM-DD HH:mm:ss') : '',
        status: statusLabel(a, meeting.signupRequired),
        method: a.method ? METHOD_LABELS[a.method] : '',
        leave: LEAVE_LABELS[a.leave],
        reason: a.leaveReason ?? '',
      });
      rows++;
    }
  }
  sheet.getRow(1).font = { bold: true };
  const content = Buffer.from(await book.xlsx.writeBuffer());
  const { fileId } = await ctx.files.upload(`exports/meetings/${meeting._id}/${ctx.clock.now()}.xlsx`, content);
  return { fileId, url: await ctx.files.tempUrl(fileId, 3600), rows };
}

function statusLabel(a: AttendeeDoc, signupRequired: boolean): string {
  if (a.status) return ATTENDANCE_LABELS[a.status];
  if (a.leave === 'approved') return ATTENDANCE_LABELS.leave;
  if (signupRequired && a.signup !== 'signed') return '';
  return ATTENDANCE_LABELS.absent;
}
