import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { URGENCY_LABELS } from '../contracts/notices';
import type { SubscribeMessage } from '../ports/wechat';
import type { MeetingDoc, NoticeDoc } from '../../database-schema/documents';

dayjs.extend(utc);
dayjs.extend(timezone);

/** WeChat refuses a `thing` value over 20 characters (errcode 47003). */
export const clip = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

export const shanghaiTime = (epochMs: number, format = 'YYYY-MM-DD HH:mm'): string => dayjs(epochMs).tz('Asia/Shanghai').format(format);

export const NOTICE_TEMPLATE_KEYWORDS = ['thing1', 'phrase2', 'time3', 'thing4'];

/**
 * The notice subscribe message. The keys are those of the template configured as
 * FUDAO_NOTICE_TEMPLATE_ID (通知标题 thing1, 紧急程度 phrase2, 发布时间 time3, 发布人 thing4).
 */
export function noticeMessage(notice: NoticeDoc, openid: string, templateId: string): SubscribeMessage {
  return {
    touser: openid,
    templateId,
    page: `pages/notice/detail/index?id=${notice._id}`,
    data: {
      thing1: { value: clip(notice.title, 20) },
      phrase2: { value: URGENCY_LABELS[notice.urgency] },
      time3: { value: shanghaiTime(notice.publishedAt ?? notice.createdAt) },
      thing4: { value: clip(notice.authorName, 20) },
    },
  };
}

export const MEETING_TEMPLATE_KEYWORDS = ['thing1', 'time2', 'thing3'];

/**
 * The reminder before a meeting, with the keys of FUDAO_MEETING_TEMPLATE_ID
 * (活动名称 thing1, 开始时间 time2, 活动地点 thing3).
 */
export function meetingReminderMessage(meeting: MeetingDoc, openid: string, templateId: string): SubscribeMessage {
  return {
    touser: openid,
    templateId,
    page: `subpackages/meetings/detail/index?id=${meeting._id}`,
    data: {
      thing1: { value: clip(meeting.title, 20) },
      time2: { value: shanghaiTime(meeting.startsAt) },
      thing3: { value: clip(meeting.place ?? '见活动详情', 20) },
    },
  };
}
