/**
 * Each kind of delivery: where its source lives (whose `delivery` counters it moves) and the
 * subscribe message it sends. The worker knows nothing else about notices or meetings.
 */
import { COLLECTIONS } from '../collections';
import type { AppConfig } from '../ports';
import type { SubscribeMessage } from '../ports/wechat';
import type { DeliveryKind, MeetingDoc, NoticeDoc } from '../../database-schema/documents';
import { meetingReminderMessage, noticeMessage } from './message';

interface KindSpec<T> {
  collection: string;
  message(source: T, openid: string, config: AppConfig): SubscribeMessage;
}

export const DELIVERY_KINDS: { [K in DeliveryKind]: KindSpec<K extends 'notice' ? NoticeDoc : MeetingDoc> } = {
  notice: { collection: COLLECTIONS.notices, message: (n, openid, config) => noticeMessage(n as NoticeDoc, openid, config.noticeTemplateId) },
  meeting: { collection: COLLECTIONS.meetings, message: (m, openid, config) => meetingReminderMessage(m as MeetingDoc, openid, config.meetingTemplateId) },
};
