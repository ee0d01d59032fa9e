import type { Ctx } from '../function/define';
import { getMeetingForStaff } from './access';
import { stepAt, tokenFor, TOKEN_STEP_MS } from './qr-token';

/**
 * The token for the projector's QR code, to teachers of the meeting and granted cadres only.
 * `expiresAt` is when the projector should fetch the next one (the token itself is accepted one
 * step longer); `qr` is what the QR code encodes: the mini-program page that checks in.
 */
export async function currentToken(ctx: Ctx, input: { meetingId: string }): Promise<{ token: string; expiresAt: number; qr: string; code: string | null }> {
  const meeting = await getMeetingForStaff(ctx, input.meetingId, true);
  const step = stepAt(ctx.clock.now());
  const token = tokenFor(meeting.secret, meeting._id, step);
  return {
    token,
    expiresAt: (step + 1) * TOKEN_STEP_MS,
    qr: `subpackages/meetings/checkin/index?m=${meeting._id}&t=${token}`,
    code: meeting.code,
  };
}
