/**
 * A receipt's inbox sort key, ascending: unread urgent notices first, then everything newest first,
 * ties broken by notice id. One string key lets the inbox page with `inboxKey > cursor` on an index.
 */
const FAR_FUTURE = 9_999_999_999_999; // epoch ms in 2286: keeps the inverted time at 13 digits

export function inboxKey(p: { urgent: boolean; read: boolean; publishedAt: number; noticeId: string }): string {
  const band = p.urgent && !p.read ? '0' : '1';
  return `${band}${String(FAR_FUTURE - p.publishedAt).padStart(13, '0')}${p.noticeId}`;
}
