import type { DeliveryDoc, DeliveryKind } from '../../database-schema/documents';

/**
 * A fresh queue entry. Its id — `<sourceId>:<openid>:<purpose>` — is what makes queueing the same
 * send twice (a retried push, a timer run twice) write it once.
 */
export function newDelivery(p: { kind: DeliveryKind; sourceId: string; purpose: string; studentNo: string; openid: string }, now: number): DeliveryDoc {
  return {
    _id: `${p.sourceId}:${p.openid}:${p.purpose}`,
    kind: p.kind,
    sourceId: p.sourceId,
    studentNo: p.studentNo,
    openid: p.openid,
    channel: 'subscribe',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    claim: null,
    leaseUntil: 0,
    errcode: null,
    errmsg: null,
    sentAt: null,
    createdAt: now,
  };
}
