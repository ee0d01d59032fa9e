/** The student's inbox: unread urgent first, then newest first, paging without gaps, and retry-safe pushes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageResult } from '../core/contracts/common';
import type { InboxItem } from '../core/contracts/notices';
import { schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-inbox';
const STUDENT = 'student-inbox';

describe('inbox', () => {
  let h: Harness;
  let classId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    const school = await schoolWithClass(h, TEACHER, 'I', 3);
    classId = school.classId;
    await h.ok('bind', { action: 'student', ...school.rows[0] }, STUDENT);
    // Oldest first; a few milliseconds apart so "newest" is well defined.
    for (const [title, urgency] of [['旧紧急', 'urgent'], ['普通一', 'normal'], ['重要', 'important'], ['新紧急', 'urgent'], ['普通二', 'normal']] as const) {
      const { noticeId } = await h.ok<{ noticeId: string }>('pushNotice', { action: 'create', title, body: '正文', category: '其他', urgency, audience: { classIds: [classId] } }, TEACHER);
      ids[title] = noticeId;
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  afterAll(() => h.close());

  const titles = async (): Promise<string[]> => (await h.ok<PageResult<InboxItem>>('notices', { action: 'inbox', limit: 50 }, STUDENT)).items.map((i) => i.title);

  it('puts unread urgent notices first, then everything newest first', async () => {
    expect(await titles()).toEqual(['新紧急', '旧紧急', '普通二', '重要', '普通一']);
  });

  it('moves an urgent notice to its place in time once read', async () => {
    await h.ok('notices', { action: 'read', noticeId: ids['新紧急'] }, STUDENT);
    expect(await titles()).toEqual(['旧紧急', '普通二', '新紧急', '重要', '普通一']);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: PageResult<InboxItem> = await h.ok('notices', { action: 'inbox', limit: 2, ...(cursor ? { cursor } : {}) }, STUDENT);
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['旧紧急', '普通二', '新紧急', '重要', '普通一']);
  });

  it('makes one notice of a push retried with the same requestId', async () => {
    const event = { action: 'create', title: '重试推送', body: '正文', category: '其他', urgency: 'normal', audience: { classIds: [classId] }, requestId: 'client-retry-1' };
    const first = await h.ok<{ noticeId: string }>('pushNotice', event, TEACHER);
    const second = await h.ok<{ noticeId: string }>('pushNotice', event, TEACHER);
    expect(second.noticeId).toBe(first.noticeId);
    expect((await titles()).filter((t) => t === '重试推送')).toHaveLength(1);
  });
});
