import { CheckInEvent } from '../../core/contracts/checkin';
import { byAction } from '../../core/function/by-action';
import { openReport, reportStatus, studentLocation, submitLocation } from '../../core/locations/reports';
import { createMeeting } from '../../core/meetings/create';
import { exportAttendance } from '../../core/meetings/export';
import { requestLeave, reviewLeave } from '../../core/meetings/leave';
import { markPresent } from '../../core/meetings/mark';
import { currentToken } from '../../core/meetings/projector';
import { runReminders } from '../../core/meetings/reminders';
import { absentStudents, getMeetingView, listMeetings, meetingStats } from '../../core/meetings/queries';
import { cancelSignUp, signUp } from '../../core/meetings/signup';
import { submitCheckIn } from '../../core/meetings/submit';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'checkIn',
  input: CheckInEvent,
  run: byAction<CheckInEvent>({
    create: (ctx, input) => createMeeting(ctx, input),
    list: (ctx, input) => listMeetings(ctx, input),
    get: (ctx, input) => getMeetingView(ctx, input),
    token: (ctx, input) => currentToken(ctx, input),
    submit: (ctx, input) => submitCheckIn(ctx, input),
    signup: (ctx, input) => signUp(ctx, input),
    cancelSignup: (ctx, input) => cancelSignUp(ctx, input),
    leave: (ctx, input) => requestLeave(ctx, input),
    reviewLeave: (ctx, input) => reviewLeave(ctx, input),
    markPresent: (ctx, input) => markPresent(ctx, input),
    stats: (ctx, input) => meetingStats(ctx, input),
    absent: (ctx, input) => absentStudents(ctx, input),
    export: (ctx, input) => exportAttendance(ctx, input),
    remind: (ctx) => runReminders(ctx),
    timer: (ctx) => runReminders(ctx),
    openReport: (ctx, input) => openReport(ctx, input),
    location: (ctx, input) => submitLocation(ctx, input),
    reportStatus: (ctx, input) => reportStatus(ctx, input),
    studentLocation: (ctx, input) => studentLocation(ctx, input),
  }),
});
